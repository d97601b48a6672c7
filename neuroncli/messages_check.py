"""English and Korean text of the check command; merged into neuroncli.messages.MESSAGES."""

MESSAGES: dict[str, dict[str, str]] = {
    # Help text.
    "check.help": {
        "en": "Evaluate the network on DATA as eval does and compare the result with "
              "EXPECTED.csv, row by row and column by column.\n\n"
              "EXPECTED.csv is a file written by eval (for example with -o); pass the options "
              "that wrote it, such as --id-column, --target or --all-layers. Numbers match when "
              "|got - expected| <= atol + rtol * |expected|, the rule of numpy.isclose. NaN "
              "matches NaN only with --nan-equal, and an infinity matches only an infinity of "
              "the same sign. Text columns (ids, predicted) must be identical. Exit status: 0 "
              "when everything matches, 1 when anything differs, 2 to 5 for the errors of "
              "eval. The report goes to standard error, and standard output stays empty.",
        "ko": "eval과 똑같이 DATA에서 신경망을 계산하고, 그 결과를 EXPECTED.csv와 행마다, 열마다 "
              "비교합니다.\n\n"
              "EXPECTED.csv는 eval이 쓴 파일(예: -o 로 저장한 파일)이며, 그 파일을 만들 때 쓴 "
              "--id-column, --target, --all-layers 같은 옵션을 똑같이 지정해야 합니다. 숫자는 "
              "numpy.isclose와 같은 규칙인 |출력값 - 기댓값| <= atol + rtol * |기댓값| 을 만족하면 "
              "같다고 봅니다. NaN은 --nan-equal 을 지정했을 때만 NaN과 같고, 무한대는 부호까지 "
              "같은 무한대와만 같습니다. 텍스트 열(ID, predicted)은 글자 하나까지 같아야 합니다. "
              "종료 코드: 모두 같으면 0, 하나라도 다르면 1, eval과 같은 오류는 2~5. 보고는 표준 "
              "오류로 나가고 표준 출력에는 아무것도 쓰지 않습니다.",
    },
    "check.help.expected": {
        "en": "The file to compare with: CSV written by eval (a .tsv file is split on tabs; "
              ".gz, .bz2, .xz and .zip are decompressed).",
        "ko": "비교할 기준 파일. eval이 쓴 CSV입니다 (.tsv 는 탭으로 나누고, .gz, .bz2, .xz, "
              ".zip 은 압축을 풀어 읽습니다).",
    },
    "check.help.rtol": {
        "en": "Relative tolerance: numbers match when |got - expected| <= atol + rtol * "
              "|expected|.",
        "ko": "상대 허용 오차. |출력값 - 기댓값| <= atol + rtol * |기댓값| 이면 같은 숫자로 "
              "봅니다.",
    },
    "check.help.atol": {
        "en": "Absolute tolerance in the same rule; set it for values that should be close "
              "to 0.",
        "ko": "같은 규칙의 절대 허용 오차. 0에 가까워야 하는 값을 비교할 때 지정하세요.",
    },
    "check.help.columns": {
        "en": "Compare only these columns: names, comma-separated or repeated. Default: every "
              "column of EXPECTED.csv.",
        "ko": "이 열만 비교합니다. 이름을 쉼표로 구분하거나 옵션을 여러 번 씁니다. 기본값은 "
              "EXPECTED.csv의 모든 열입니다.",
    },
    "check.help.nan_equal": {
        "en": "Count NaN in both files as a match.",
        "ko": "두 파일 모두 NaN인 칸을 같은 값으로 봅니다.",
    },
    "check.help.max_report": {
        "en": "Differing cells listed in the report table; 0 prints no table.",
        "ko": "보고 표에 나열할 다른 칸의 수. 0이면 표를 출력하지 않습니다.",
    },
    "check.help.quiet": {
        "en": "Print nothing when everything matches; differences and errors are still "
              "reported.",
        "ko": "모두 같으면 아무것도 출력하지 않습니다. 차이와 오류는 그래도 보고합니다.",
    },
    # Results.
    "check.rule": {
        "en": "rtol={rtol}, atol={atol}",
        "ko": "허용 오차 rtol={rtol}, atol={atol}",
    },
    "check.rule_nan_equal": {
        "en": "rtol={rtol}, atol={atol}, NaN equals NaN",
        "ko": "허용 오차 rtol={rtol}, atol={atol}, NaN끼리는 같음",
    },
    "check.match": {
        "en": "{rows} rows, {columns} columns match ({rule})",
        "ko": "{rows}행, {columns}열이 모두 같습니다 ({rule})",
    },
    "check.failed": {
        "en": "the output differs from {path}",
        "ko": "출력이 {path}와(과) 다릅니다",
    },
    "check.cells": {
        "en": "{differing} of {compared} compared cells differ ({rule})",
        "ko": "비교한 칸 {compared}개 중 {differing}개가 다릅니다 ({rule})",
    },
    "check.largest_abs": {
        "en": "largest absolute error: {error} at row {row}, column '{column}' "
              "(expected {expected}, got {got})",
        "ko": "가장 큰 절대 오차: {error} ({row}행, '{column}' 열, 기댓값 {expected}, "
              "출력값 {got})",
    },
    "check.largest_rel": {
        "en": "largest relative error: {error} at row {row}, column '{column}' "
              "(expected {expected}, got {got})",
        "ko": "가장 큰 상대 오차: {error} ({row}행, '{column}' 열, 기댓값 {expected}, "
              "출력값 {got})",
    },
    "check.row_count": {
        "en": "the expected file has {expected} rows, the output has {got}; only the first "
              "{compared} rows were compared",
        "ko": "기대 파일은 {expected}행인데 출력은 {got}행입니다. 앞의 {compared}행만 "
              "비교했습니다",
    },
    "check.missing_in_output": {
        "en": "column '{column}' of the expected file is missing from the output; the output "
              "has the columns: {columns}",
        "ko": "기대 파일의 '{column}' 열이 출력에 없습니다. 출력에 있는 열: {columns}",
    },
    "check.missing_in_expected": {
        "en": "column '{column}' named by --columns is missing from the expected file; it has "
              "the columns: {columns}",
        "ko": "--columns 로 지정한 '{column}' 열이 기대 파일에 없습니다. 기대 파일에 있는 열: "
              "{columns}",
    },
    "check.hint.columns": {
        "en": "pass the options that wrote the expected file (--id-column, --target, "
              "--all-layers, --keep-input), or choose the columns with --columns",
        "ko": "기대 파일을 만들 때 쓴 옵션(--id-column, --target, --all-layers, --keep-input)을 "
              "똑같이 지정하거나, --columns 로 비교할 열을 고르세요",
    },
    "check.table_title": {
        "en": "Differing cells: the first {shown} of {differing}",
        "ko": "다른 칸: {differing}개 중 처음 {shown}개",
    },
    "check.table_title_all": {
        "en": "Differing cells: {differing}",
        "ko": "다른 칸: {differing}개",
    },
    "check.more": {
        "en": "{hidden} more differing cells not shown; raise --max-report to list them",
        "ko": "다른 칸 {hidden}개는 생략했습니다. 모두 보려면 --max-report 값을 늘리세요",
    },
    "check.header.row": {"en": "row", "ko": "행"},
    "check.header.id": {"en": "id", "ko": "식별자"},
    "check.header.column": {"en": "column", "ko": "열"},
    "check.header.expected": {"en": "expected", "ko": "기댓값"},
    "check.header.got": {"en": "got", "ko": "출력값"},
    "check.header.difference": {"en": "got - expected", "ko": "출력값 - 기댓값"},
    # Errors.
    "check.bad_tolerance": {
        "en": "{option} must be a finite number of at least 0, found {value}",
        "ko": "{option} 은(는) 0 이상의 유한한 수여야 하는데 {value}입니다",
    },
    "check.stdin_twice": {
        "en": "standard input (-) can be read only once, but --expected and the data or the "
              "parameter file both name it",
        "ko": "표준 입력(-)은 한 번만 읽을 수 있는데, --expected 와 데이터 또는 매개변수 파일이 "
              "모두 - 입니다",
    },
    "check.expected_format": {
        "en": "the expected file must be CSV or TSV, not JSON",
        "ko": "기대 파일은 JSON이 아니라 CSV나 TSV여야 합니다",
    },
    "check.hint.expected_format": {
        "en": "write the expected file with neuroncli eval DATA -p PARAMS -o EXPECTED.csv",
        "ko": "neuroncli eval DATA -p PARAMS -o EXPECTED.csv 로 기대 파일을 만드세요",
    },
    "check.duplicate_column": {
        "en": "the expected file has more than one column named '{column_name}', so it is "
              "unclear which one to compare",
        "ko": "기대 파일에 '{column_name}' 열이 여러 개 있어서 어느 열과 비교할지 알 수 "
              "없습니다",
    },
    "check.hint.expected_file": {
        "en": "the expected file should be written by neuroncli eval: correct this line, or "
              "write the file again with neuroncli eval DATA -p PARAMS -o EXPECTED.csv",
        "ko": "기대 파일은 neuroncli eval 이 쓴 파일이어야 합니다. 이 줄을 고치거나, "
              "neuroncli eval DATA -p PARAMS -o EXPECTED.csv 로 파일을 다시 만드세요",
    },
}
