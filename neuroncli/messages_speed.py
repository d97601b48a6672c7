"""English and Korean text of the progress bar and the run statistics of eval; merged into
neuroncli.messages.MESSAGES."""

MESSAGES: dict[str, dict[str, str]] = {
    # Help text.
    "speed.help.progress": {
        "en": "Show a progress bar on standard error during a run longer than half a second: "
              "bytes of the data file read when its size is known, rows otherwise. It appears "
              "only when standard error is a terminal, never in a pipe or when CI is set.",
        "ko": "0.5초보다 오래 걸리는 실행에서 표준 오류에 진행 막대를 보여 줍니다. 데이터 "
              "파일의 크기를 알면 읽은 바이트 수를, 모르면 처리한 행 수를 보여 줍니다. 표준 "
              "오류가 터미널일 때만 나타나고, 파이프로 보내거나 CI 환경 변수가 있으면 나타나지 "
              "않습니다.",
    },
    "speed.help.stats": {
        "en": "After the run, print on standard error the rows, the chunks, the seconds "
              "spent reading, computing and writing, and the rows per second. Reading counts "
              "the time spent waiting for rows: a background thread reads and parses the next "
              "rows while the ones before are computed and written, and its own time is shown "
              "in brackets.",
        "ko": "실행이 끝나면 표준 오류에 행 수, 청크 수, 읽기·계산·쓰기에 걸린 시간(초), 초당 "
              "처리한 행 수를 출력합니다. 읽기 시간은 행을 기다린 시간입니다. 백그라운드 "
              "스레드가 앞의 행을 계산하고 쓰는 동안 다음 행을 읽고 파싱하며, 그 스레드가 쓴 "
              "시간은 괄호 안에 따로 보여 줍니다.",
    },
    # Progress bar.
    "speed.progress.label": {
        "en": "evaluating {path}",
        "ko": "{path} 계산 중",
    },
    "speed.progress.rows": {
        "en": "{rows} rows",
        "ko": "{rows}행",
    },
    # Statistics.
    "speed.stats.rows": {
        "en": "stats: {rows} rows in {chunks} chunks, {seconds} s, {rate} rows/s",
        "ko": "통계: {rows}행, 청크 {chunks}개, {seconds}초, 초당 {rate}행",
    },
    "speed.stats.phases": {
        "en": "stats: read {read} s (background reading and parsing {background} s), compute "
              "{compute} s, write {write} s",
        "ko": "통계: 읽기 {read}초 (백그라운드 읽기·파싱 {background}초), 계산 {compute}초, "
              "쓰기 {write}초",
    },
}
