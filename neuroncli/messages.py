"""Every text the command line shows, in English and Korean, and the choice between them.

A message is looked up by key and filled in with ``str.format`` fields. Both languages use the
same fields; a test checks that no key lacks its Korean text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"


class Term:
    """A message field that is itself translated, such as the name of a JSON type."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"Term({self.key!r})"


def language_from_locale(value: str | None) -> str | None:
    """Map a locale or language value such as ``ko_KR.UTF-8`` or ``en`` to ``ko``/``en``."""
    if not value:
        return None
    code = value.strip().split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    if code in LANGUAGES:
        return code
    if code in ("c", "posix"):
        return DEFAULT_LANGUAGE
    return None


def resolve_language(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Choose the language: ``--lang``, then NEURONCLI_LANG, then LC_ALL, LC_MESSAGES and LANG.

    The locale variables follow POSIX precedence: the first one that is set decides, and a
    language other than English or Korean falls back to English.
    """
    env = os.environ if environ is None else environ
    explicit = language_from_locale(option) or language_from_locale(env.get("NEURONCLI_LANG"))
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return language_from_locale(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def text(message_key: str, lang: str, /, **fields: Any) -> str:
    """Return the message *message_key* in *lang*, with its fields filled in."""
    entry = MESSAGES[message_key]
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if not fields:
        return template
    values = {
        name: text(value.key, lang) if isinstance(value, Term) else value
        for name, value in fields.items()
    }
    return template.format(**values)


MESSAGES: dict[str, dict[str, str]] = {
    # Labels and locations.
    "label.error": {"en": "error", "ko": "오류"},
    "label.hint": {"en": "what to do", "ko": "해결 방법"},
    "label.note": {"en": "note", "ko": "참고"},
    "loc.stdin": {"en": "standard input", "ko": "표준 입력"},
    "loc.line": {"en": "line {line}", "ko": "{line}번째 줄"},
    "loc.column": {"en": "column '{column}'", "ko": "'{column}' 열"},
    "hint.did_you_mean": {
        "en": "did you mean {suggestions}?",
        "ko": "혹시 {suggestions}을(를) 쓰려고 했나요?",
    },
    "type.weights": {
        "en": "an array of numbers or an object of column names and numbers",
        "ko": "숫자 배열, 또는 열 이름과 숫자로 된 객체",
    },
    "type.names": {"en": "an array of names", "ko": "이름 배열"},
    "type.matrix": {
        "en": "an array of rows of numbers",
        "ko": "숫자 행의 배열",
    },
    "type.layers": {
        "en": "a non-empty array of layer objects",
        "ko": "층 객체가 하나 이상 든 배열",
    },
    "type.string": {"en": "a string", "ko": "문자열"},
    "type.object": {"en": "a JSON object", "ko": "JSON 객체"},
    # Files.
    "file.not_found": {"en": "file not found", "ko": "파일을 찾을 수 없습니다"},
    "file.stdin_closed": {
        "en": "standard input is closed, so - has nothing to read",
        "ko": "표준 입력이 닫혀 있어서 - 로 읽을 것이 없습니다",
    },
    "file.is_directory": {
        "en": "this is a folder, not a file",
        "ko": "파일이 아니라 폴더입니다",
    },
    "file.hint.check_path": {
        "en": "check the path, or use - to read from standard input",
        "ko": "경로를 확인하거나, 표준 입력에서 읽으려면 - 를 쓰세요",
    },
    "file.permission": {
        "en": "permission denied: the file cannot be read",
        "ko": "권한이 없어 파일을 읽을 수 없습니다",
    },
    "file.cannot_open": {
        "en": "cannot open the file: {reason}",
        "ko": "파일을 열 수 없습니다: {reason}",
    },
    "file.bad_archive": {
        "en": "the compressed file is damaged or incomplete: {reason}",
        "ko": "압축 파일이 손상되었거나 불완전합니다: {reason}",
    },
    "file.zip_members": {
        "en": "a zip archive must contain exactly one file, this one contains {count} ({names})",
        "ko": "zip 압축 파일에는 파일이 하나만 있어야 하는데, {count}개가 있습니다 ({names})",
    },
    # Reading the data file.
    "input.unknown_encoding": {
        "en": "unknown encoding '{encoding}'",
        "ko": "알 수 없는 인코딩입니다: '{encoding}'",
    },
    "input.hint.encoding_names": {
        "en": "use a Python codec name such as utf-8, cp949, euc-kr or utf-16",
        "ko": "utf-8, cp949, euc-kr, utf-16 같은 Python 코덱 이름을 쓰세요",
    },
    "input.decode": {
        "en": "the file is not valid {encoding}: byte {byte} at byte {position} of the line",
        "ko": "파일이 올바른 {encoding} 텍스트가 아닙니다: 줄의 {position}번째 바이트가 "
              "{byte}입니다",
    },
    "input.decode_stream": {
        "en": "the file is not valid {encoding}: it contains the byte {byte}",
        "ko": "파일이 올바른 {encoding} 텍스트가 아닙니다: 바이트 {byte}이(가) 있습니다",
    },
    "input.decode_other": {
        "en": "the file cannot be decoded as {encoding}: {reason}",
        "ko": "파일을 {encoding}(으)로 읽을 수 없습니다: {reason}",
    },
    "input.decode_truncated": {
        "en": "the file ends in the middle of a {encoding} character",
        "ko": "파일이 {encoding} 문자 중간에서 끝납니다",
    },
    "input.hint.encoding": {
        "en": "pass the file's encoding, for example --encoding cp949 for a CSV saved by "
              "Korean Excel, or save the file as CSV UTF-8",
        "ko": "파일의 인코딩을 지정하세요. 한국어 Excel에서 저장한 CSV라면 --encoding cp949 를 "
              "쓰거나, 파일을 'CSV UTF-8' 형식으로 다시 저장하세요",
    },
    "input.nul": {
        "en": "the line contains a NUL byte (character {position}), which no text file has",
        "ko": "줄에 NUL 바이트가 있습니다 ({position}번째 글자). 텍스트 파일에는 없는 문자입니다",
    },
    "input.hint.nul": {
        "en": "the file may be UTF-16 (as some Windows programs save it): try --encoding utf-16, "
              "or save it as CSV UTF-8",
        "ko": "파일이 UTF-16일 수 있습니다 (일부 Windows 프로그램이 이렇게 저장합니다). "
              "--encoding utf-16 을 써 보거나, 'CSV UTF-8'로 다시 저장하세요",
    },
    "input.encoding_unknown": {
        "en": "the file is not UTF-8, and its encoding could not be recognised (tried {tried})",
        "ko": "파일이 UTF-8이 아니고, 인코딩도 알아낼 수 없습니다 (시도한 인코딩: {tried})",
    },
    "input.csv_syntax": {
        "en": "the CSV text cannot be split into fields: {reason}",
        "ko": "CSV 텍스트를 필드로 나눌 수 없습니다: {reason}",
    },
    "input.hint.quotes": {
        "en": "check the quotes on this line: a quoted field must end with a quote "
              "followed by the delimiter or the end of the line",
        "ko": "이 줄의 따옴표를 확인하세요. 따옴표로 연 필드는 따옴표로 닫고, 바로 뒤에 구분자나 "
              "줄 끝이 와야 합니다",
    },
    "input.empty": {
        "en": "the file is empty: there is no header line",
        "ko": "파일이 비어 있습니다. 헤더 줄이 없습니다",
    },
    "input.hint.empty": {
        "en": "check the step that produced the file; a file with only a header line is a "
              "valid batch of zero rows",
        "ko": "파일을 만든 앞 단계를 확인하세요. 헤더 줄만 있는 파일은 행이 0개인 올바른 "
              "배치로 처리됩니다",
    },
    "input.ragged": {
        "en": "this row has {fields} fields but the header has {expected} ({header_fields})",
        "ko": "이 행의 필드는 {fields}개인데 헤더의 필드는 {expected}개입니다 ({header_fields})",
    },
    "input.hint.ragged": {
        "en": "every row needs one field per header column; check the delimiter "
              "(now {delimiter}, set it with --delimiter) and quotes around text that "
              "contains it",
        "ko": "모든 행은 헤더의 열마다 필드가 하나씩 있어야 합니다. 구분자(지금은 {delimiter}, "
              "--delimiter 로 지정)와, 구분자가 들어 있는 텍스트를 따옴표로 감쌌는지 확인하세요",
    },
    "input.hint.delimiter": {
        "en": "the header looks separated by another delimiter: try --delimiter ';' or "
              "--delimiter tab (and --decimal , if numbers are written like 1,5)",
        "ko": "헤더가 다른 구분자로 나뉜 것 같습니다. --delimiter ';' 또는 --delimiter tab 을 "
              "써 보세요 (숫자를 1,5 처럼 썼다면 --decimal , 도 함께)",
    },
    "input.hint.decimal_comma": {
        "en": "numbers like 1,5 use a decimal comma: save the file with ';' between fields "
              "and pass --delimiter ';' --decimal ,",
        "ko": "1,5 같은 숫자는 소수점으로 쉼표를 쓴 것입니다. 필드 사이를 ';' 로 구분해 저장하고 "
              "--delimiter ';' --decimal , 를 지정하세요",
    },
    "input.not_a_number": {
        "en": "'{value}' is not a number",
        "ko": "'{value}'은(는) 숫자가 아닙니다",
    },
    "input.missing_value": {
        "en": "missing value '{value}'",
        "ko": "값이 없음을 뜻하는 '{value}'이(가) 있습니다",
    },
    "input.empty_cell": {
        "en": "the cell is empty (missing value)",
        "ko": "칸이 비어 있습니다 (값 없음)",
    },
    "input.out_of_range": {
        "en": "'{value}' is too large for a 64-bit float",
        "ko": "'{value}'은(는) 64비트 부동소수점으로 나타내기에 너무 큽니다",
    },
    "input.hint.missing": {
        "en": "fill in the value, or pass --missing nan to treat empty cells and markers "
              "such as NA as NaN (the row's z and a are then nan)",
        "ko": "값을 채우거나, 빈 칸과 NA 같은 표시를 NaN으로 처리하려면 --missing nan 을 쓰세요 "
              "(그 행의 z와 a는 nan이 됩니다)",
    },
    "input.hint.out_of_range": {
        "en": "float64 numbers end at about 1.8e308; write inf if you mean infinity",
        "ko": "float64는 약 1.8e308까지만 나타낼 수 있습니다. 무한대를 뜻한다면 inf 라고 쓰세요",
    },
    "input.hint.text_column": {
        "en": "column '{column_name}' holds text, not numbers: pass it through with "
              "--id-column '{column_name}', or choose the feature columns with --features",
        "ko": "'{column_name}' 열에는 숫자가 아닌 텍스트가 있습니다. --id-column '{column_name}' "
              "으로 출력에 그대로 옮기거나, --features 로 특성 열을 고르세요",
    },
    "input.hint.fix_cell": {
        "en": "correct the cell; numbers are written like 1.5, -2e-3, nan or inf",
        "ko": "칸의 값을 고치세요. 숫자는 1.5, -2e-3, nan, inf 처럼 씁니다",
    },
    "input.bad_target": {
        "en": "the target '{value}' matches no class; the classes are {classes}",
        "ko": "목표값 '{value}'에 맞는 클래스가 없습니다. 클래스: {classes}",
    },
    "input.hint.target": {
        "en": "write a class name from \"outputs\" or a class index from 0 to {count}, "
              "or choose another column with --target",
        "ko": "\"outputs\"에 있는 클래스 이름이나 0부터 {count}까지의 클래스 번호를 쓰거나, "
              "--target 으로 다른 열을 고르세요",
    },
    # Choosing columns.
    "select.not_found": {
        "en": "column '{column_name}' (from {origin}) is not in the data",
        "ko": "({origin}에 적힌) '{column_name}' 열이 데이터에 없습니다",
    },
    "select.hint.columns": {
        "en": "the data has the columns: {columns}",
        "ko": "데이터에 있는 열: {columns}",
    },
    "select.duplicate_name": {
        "en": "the header has more than one column named '{column_name}' (positions "
              "{positions}), so the name does not say which one to use",
        "ko": "헤더에 '{column_name}' 열이 여러 개 있어서 (위치 {positions}) 이름만으로는 "
              "어느 열인지 알 수 없습니다",
    },
    "select.hint.by_position": {
        "en": "rename the columns in the file, or choose by position, for example "
              "--features {first}",
        "ko": "파일의 열 이름을 고치거나, --features {first} 처럼 위치로 고르세요",
    },
    "select.bad_range": {
        "en": "--features '{token}' is outside the columns 1 to {count}",
        "ko": "--features '{token}'이(가) 열 범위(1~{count})를 벗어납니다",
    },
    "select.empty": {
        "en": "--features selects no column",
        "ko": "--features 로 고른 열이 없습니다",
    },
    "select.clash": {
        "en": "the output would have two columns named '{column_name}' (an input column, an "
              "--id-column given twice, or a name that neuroncli also writes)",
        "ko": "출력에 '{column_name}' 열이 두 개 생깁니다 (입력 열과 neuroncli가 쓰는 열의 이름이 "
              "같거나, --id-column 을 두 번 지정한 경우)",
    },
    "select.hint.clash": {
        "en": "rename that column in the file; with --keep-input, a column named row can be "
              "passed as --id-column row instead",
        "ko": "파일에서 그 열의 이름을 바꾸세요. --keep-input 을 쓸 때 이름이 row 인 열은 "
              "--id-column row 로 넘길 수 있습니다",
    },
    # The parameter file.
    "params.not_utf8": {
        "en": "the parameter file is not UTF-8 text (byte {byte})",
        "ko": "매개변수 파일이 UTF-8 텍스트가 아닙니다 (바이트 {byte})",
    },
    "params.hint.save_utf8": {
        "en": "save the JSON file as UTF-8",
        "ko": "JSON 파일을 UTF-8로 저장하세요",
    },
    "params.invalid_json": {
        "en": "invalid JSON at character {column_number}: {reason}",
        "ko": "{column_number}번째 글자에서 JSON 문법이 잘못되었습니다: {reason}",
    },
    "params.hint.json_syntax": {
        "en": "JSON allows no trailing commas, no comments and only double quotes",
        "ko": "JSON에서는 마지막 쉼표와 주석을 쓸 수 없고, 따옴표는 큰따옴표만 씁니다",
    },
    "params.number_too_long": {
        "en": "the JSON contains an integer with more than 4300 digits",
        "ko": "JSON에 4300자리가 넘는 정수가 있습니다",
    },
    "params.too_deep": {
        "en": "the JSON is nested too deeply",
        "ko": "JSON이 너무 깊게 중첩되어 있습니다",
    },
    "params.duplicate_key": {
        "en": "the key \"{key}\" appears twice in one object",
        "ko": "한 객체 안에 \"{key}\" 키가 두 번 나옵니다",
    },
    "params.hint.duplicate_key": {
        "en": "keep one \"{key}\" entry; JSON readers differ in which one they would use",
        "ko": "\"{key}\" 항목을 하나만 남기세요. JSON 라이브러리마다 어느 값을 쓸지가 다릅니다",
    },
    "params.non_standard_constant": {
        "en": "{entry} is {token}, which is not a JSON number (JSON has no NaN or Infinity)",
        "ko": "{entry} 값이 {token}인데, 이것은 JSON 숫자가 아닙니다 (JSON에는 NaN과 "
              "Infinity가 없습니다)",
    },
    "params.hint.finite_number": {
        "en": "write a finite number; a NaN or infinite parameter usually means the "
              "training run diverged",
        "ko": "유한한 숫자를 쓰세요. 매개변수가 NaN이나 무한대라면 대개 학습이 발산한 것입니다",
    },
    "params.number_as_string": {
        "en": "{entry} must be a JSON number, but it is the string \"{value}\"",
        "ko": "{entry}은(는) JSON 숫자여야 하는데 문자열 \"{value}\"입니다",
    },
    "params.hint.unquote": {
        "en": "remove the quotes and write the number with a decimal point, like 0.5",
        "ko": "따옴표를 지우고 0.5 처럼 소수점(.)으로 숫자를 쓰세요",
    },
    "params.not_a_number": {
        "en": "{entry} must be a JSON number, found {found}",
        "ko": "{entry}은(는) JSON 숫자여야 하는데 {found}입니다",
    },
    "params.not_finite": {
        "en": "{entry} is {value}, which is not a finite float64 number",
        "ko": "{entry} 값 {value}은(는) 유한한 float64 숫자가 아닙니다",
    },
    "params.wrong_type": {
        "en": "{entry} must be {expected}, found {found}",
        "ko": "{entry}은(는) {expected}이어야 하는데 {found}입니다",
    },
    "params.missing_key": {
        "en": "the required key \"{entry}\" is missing",
        "ko": "꼭 필요한 키 \"{entry}\"이(가) 없습니다",
    },
    "params.unknown_key": {
        "en": "unknown key \"{key}\"; the allowed keys are {allowed}",
        "ko": "알 수 없는 키 \"{key}\"입니다. 쓸 수 있는 키: {allowed}",
    },
    "params.empty_weights": {
        "en": "\"{entry}\" is empty; a layer needs one row of weights per input",
        "ko": "\"{entry}\"가 비어 있습니다. 층에는 입력마다 가중치 행이 하나씩 있어야 합니다",
    },
    "params.empty_row": {
        "en": "{entry} is an empty row; each row needs one weight per unit",
        "ko": "{entry}이(가) 빈 행입니다. 행마다 유닛 수만큼 가중치가 있어야 합니다",
    },
    "params.mixed_rows": {
        "en": "{entry} is {found}, but the other rows of the matrix are lists",
        "ko": "{entry}이(가) {found}인데, 행렬의 다른 행은 목록입니다",
    },
    "params.ragged_matrix": {
        "en": "{entry}[{row}] has {width} numbers but the first row has {expected}; every row of "
              "a weight matrix needs the same length",
        "ko": "{entry}[{row}]에는 숫자가 {width}개인데 첫 행에는 {expected}개입니다. 가중치 "
              "행렬의 행은 길이가 모두 같아야 합니다",
    },
    "params.hint.weights_form": {
        "en": "write {{\"weights\": [w1, ..., wn], \"bias\": b, \"activation\": \"sigmoid\"}}; "
              "weights may also be an n x 1 column [[w1], ..., [wn]] or an object "
              "{{\"column name\": w, ...}}",
        "ko": "{{\"weights\": [w1, ..., wn], \"bias\": b, \"activation\": \"sigmoid\"}} 형식으로 "
              "쓰세요. weights는 n x 1 열 [[w1], ..., [wn]] 이나 {{\"열 이름\": w, ...}} 객체로도 "
              "쓸 수 있습니다",
    },
    "params.bias_length": {
        "en": "{entry} has {count} entries, but the weights are {shape} (inputs x units), so "
              "the layer has {units} unit(s) and needs {units} bias value(s)",
        "ko": "{entry}의 항목은 {count}개인데, 가중치가 {shape}(입력 x 유닛)이므로 층의 유닛은 "
              "{units}개이고 편향도 {units}개가 필요합니다",
    },
    "params.bias_scalar": {
        "en": "{entry} is a single number, but the weights are {shape} (inputs x units), so the "
              "layer has {units} units and needs a list of {units} bias values",
        "ko": "{entry}는 숫자 하나인데, 가중치가 {shape}(입력 x 유닛)이므로 층의 유닛은 {units}개"
              "이고 편향도 {units}개짜리 목록이어야 합니다",
    },
    "params.hint.shapes": {
        "en": "one neuron takes weights [w1, ..., wn] or [[w1], ..., [wn]] and one bias; a layer "
              "of m units takes n rows of m numbers and m biases (add \"layout\": \"out_in\" "
              "for PyTorch's m x n matrix)",
        "ko": "뉴런 하나는 가중치 [w1, ..., wn] 또는 [[w1], ..., [wn]] 과 편향 하나를, 유닛이 "
              "m개인 층은 숫자 m개짜리 행 n개와 편향 m개를 받습니다 (PyTorch의 m x n 행렬은 "
              "\"layout\": \"out_in\" 을 붙이세요)",
    },
    "params.duplicate_name": {
        "en": "\"{entry}\" names '{column_name}' more than once",
        "ko": "\"{entry}\"에 '{column_name}'이(가) 두 번 이상 나옵니다",
    },
    "params.features_and_named_weights": {
        "en": "\"features\" cannot be combined with weights given as an object, because "
              "the object's keys already name the columns",
        "ko": "weights를 객체로 쓰면 키가 이미 열 이름이므로 \"features\"를 함께 쓸 수 없습니다",
    },
    "params.features_length": {
        "en": "\"features\" names {features} columns but the first layer's weights have {rows} "
              "rows (one per input)",
        "ko": "\"features\"에는 열이 {features}개인데 첫 층의 가중치 행은 {rows}개입니다 "
              "(입력마다 한 행)",
    },
    "params.outputs_length": {
        "en": "\"outputs\" names {count} outputs but the last layer has {units} units",
        "ko": "\"outputs\"에는 이름이 {count}개인데 마지막 층의 유닛은 {units}개입니다",
    },
    "params.hint.outputs": {
        "en": "give one name per unit of the last layer; one sigmoid unit may instead name its "
              "two classes, negative first: [\"benign\", \"malignant\"]",
        "ko": "마지막 층의 유닛마다 이름을 하나씩 쓰세요. 시그모이드 유닛 하나라면 두 클래스 "
              "이름을 음성 클래스부터 [\"benign\", \"malignant\"] 처럼 쓸 수도 있습니다",
    },
    "params.layer_width": {
        "en": "layer {layer} expects inputs of width {units} because layer {previous} has "
              "{units} units, but its weights have {rows} rows",
        "ko": "{previous}번째 층의 유닛이 {units}개이므로 {layer}번째 층의 입력 너비는 {units}여야 "
              "하는데, 가중치 행이 {rows}개입니다",
    },
    "params.named_out_in": {
        "en": "{entry}: weights given as an object are rows per input column, so they cannot "
              "use \"out_in\"",
        "ko": "{entry}: 객체로 쓴 가중치는 입력 열마다 한 행이므로 \"out_in\" 을 쓸 수 없습니다",
    },
    "params.softmax_one_unit": {
        "en": "{entry}: {activation} over a single unit is always the same number (1 for "
              "softmax), so it says nothing about the input",
        "ko": "{entry}: 유닛 하나에 {activation}를 적용하면 늘 같은 값(softmax면 1)이 나와서 "
              "입력에 대해 아무것도 알려 주지 않습니다",
    },
    "params.hint.softmax": {
        "en": "use sigmoid for one output unit, or softmax over a layer of two or more units",
        "ko": "출력 유닛이 하나면 sigmoid를, softmax는 유닛이 둘 이상인 층에 쓰세요",
    },
    "params.count_mismatch": {
        "en": "\"weights\" has {weights} entries (one per feature) but {features} feature "
              "columns are selected: {columns}",
        "ko": "\"weights\"의 항목은 {weights}개(특성마다 하나)인데 선택된 특성 열은 "
              "{features}개입니다: {columns}",
    },
    "params.count_mismatch_layer": {
        "en": "the first layer's weights have {weights} rows (one per input) but {features} "
              "feature columns are selected: {columns}",
        "ko": "첫 층의 가중치 행은 {weights}개(입력마다 한 행)인데 선택된 특성 열은 {features}개"
              "입니다: {columns}",
    },
    "params.hint.count_mismatch": {
        "en": "name the feature columns in the parameter file (\"features\", or weights as "
              "an object), choose them with --features, or pass text columns with --id-column",
        "ko": "매개변수 파일에 특성 열 이름을 적거나(\"features\", 또는 객체 형식의 weights), "
              "--features 로 고르거나, 텍스트 열은 --id-column 으로 빼세요",
    },
    "params.unknown_activation": {
        "en": "{entry}: unknown activation '{name}'; the activations are {valid}",
        "ko": "{entry}: 알 수 없는 활성화 함수 '{name}'입니다. 쓸 수 있는 활성화 함수: {valid}",
    },
    "params.unknown_activation_param": {
        "en": "{entry}: {activation} has no such parameter; its parameters are {allowed}",
        "ko": "{entry}: {activation}에는 그런 매개변수가 없습니다. 쓸 수 있는 매개변수: {allowed}",
    },
    "params.bad_activation_value": {
        "en": "{entry}: invalid parameter value for {activation}: {reason}",
        "ko": "{entry}: {activation}의 매개변수 값이 잘못되었습니다: {reason}",
    },
    "params.bad_choice": {
        "en": "{entry} must be one of {choices}, found {found}",
        "ko": "{entry}은(는) {choices} 중 하나여야 하는데 {found}입니다",
    },
    "params.hint.activation_form": {
        "en": "write \"activation\": \"sigmoid\", or an object with a name and parameters "
              "such as {{\"name\": \"leaky_relu\", \"negative_slope\": 0.2}}",
        "ko": "\"activation\": \"sigmoid\" 처럼 쓰거나, {{\"name\": \"leaky_relu\", "
              "\"negative_slope\": 0.2}} 처럼 이름과 매개변수를 담은 객체로 쓰세요",
    },
    "params.no_activation": {
        "en": "no activation: the parameter file has no \"activation\" and --activation "
              "was not given",
        "ko": "활성화 함수가 없습니다. 매개변수 파일에 \"activation\"이 없고 --activation 도 "
              "지정하지 않았습니다",
    },
    "params.hint.no_activation": {
        "en": "add \"activation\": \"sigmoid\" (or another name) to the file, or pass "
              "--activation sigmoid",
        "ko": "파일에 \"activation\": \"sigmoid\" (또는 다른 이름)를 넣거나 --activation sigmoid "
              "를 지정하세요",
    },
    # Command-line values.
    "usage.bad_activation_param": {
        "en": "--activation-param '{value}' must look like NAME=VALUE, for example "
              "negative_slope=0.2",
        "ko": "--activation-param '{value}'은(는) negative_slope=0.2 처럼 이름=값 형식이어야 "
              "합니다",
    },
    "usage.bad_activation_value": {
        "en": "--activation-param {name}: '{value}' is not a number",
        "ko": "--activation-param {name}: '{value}'은(는) 숫자가 아닙니다",
    },
    "usage.unknown_activation": {
        "en": "unknown activation '{name}'; the activations are {valid}",
        "ko": "알 수 없는 활성화 함수 '{name}'입니다. 쓸 수 있는 활성화 함수: {valid}",
    },
    "usage.stdin_twice": {
        "en": "standard input (-) can be read only once, but both the data and the "
              "parameter file name it",
        "ko": "표준 입력(-)은 한 번만 읽을 수 있는데, 데이터와 매개변수 파일이 모두 - 입니다",
    },
    "usage.bad_delimiter": {
        "en": "--delimiter must be one character (or tab), found '{value}'",
        "ko": "--delimiter 는 한 글자(또는 tab)여야 하는데 '{value}'입니다",
    },
    "usage.bad_decimal": {
        "en": "--decimal must be '.' or ',', found '{value}'",
        "ko": "--decimal 은 '.' 또는 ',' 여야 하는데 '{value}'입니다",
    },
    "usage.decimal_is_delimiter": {
        "en": "--decimal ',' needs another field delimiter, such as --delimiter ';'",
        "ko": "--decimal ',' 을 쓰려면 --delimiter ';' 처럼 다른 구분자를 지정해야 합니다",
    },
    "usage.bad_thousands": {
        "en": "--thousands must be one of , . ' _ or a space, and differ from --decimal "
              "('{decimal}'), found '{value}'",
        "ko": "--thousands 는 , . ' _ 또는 공백 중 하나이면서 --decimal ('{decimal}')과 달라야 "
              "하는데 '{value}'입니다",
    },
    "usage.bad_positive": {
        "en": "{option} must be a whole number of at least {minimum}, found {value}",
        "ko": "{option} 은(는) {minimum} 이상의 정수여야 하는데 {value}입니다",
    },
    "usage.loss_needs": {
        "en": "--loss {loss} does not fit an output layer of {needs} unit(s) with {activation}",
        "ko": "--loss {loss}는 {activation}을 쓰는 유닛 {needs}개짜리 출력층에 맞지 않습니다",
    },
    "usage.loss_without_target": {
        "en": "--loss {loss} needs --target COLUMN: the loss compares the output with that column",
        "ko": "--loss {loss} 를 쓰려면 --target 열도 지정해야 합니다. 손실은 출력을 그 열과 "
              "비교한 값입니다",
    },
    "usage.hint.loss": {
        "en": "bce needs one sigmoid unit, cce two or more units (softmax); mse and mae fit "
              "any output",
        "ko": "bce는 sigmoid 유닛 하나, cce는 유닛 둘 이상(softmax)이 필요합니다. mse와 mae는 "
              "어떤 출력에나 쓸 수 있습니다",
    },
    "params.no_activation_layer": {
        "en": "layer {layer} has no activation; only the output layer's can come from "
              "--activation",
        "ko": "{layer}번째 층에 활성화 함수가 없습니다. --activation 으로는 출력층의 활성화 "
              "함수만 정할 수 있습니다",
    },
    # Writing output.
    "output.is_input": {
        "en": "the output file is the input file; writing it would destroy the data",
        "ko": "출력 파일이 입력 파일과 같습니다. 이대로 쓰면 데이터가 지워집니다",
    },
    "output.hint.other_name": {
        "en": "choose another output path with -o",
        "ko": "-o 로 다른 출력 경로를 지정하세요",
    },
    "output.is_directory": {
        "en": "the output path is a folder",
        "ko": "출력 경로가 폴더입니다",
    },
    "output.no_folder": {
        "en": "the folder {folder} does not exist",
        "ko": "{folder} 폴더가 없습니다",
    },
    "output.cannot_write": {
        "en": "cannot write the output: {reason}",
        "ko": "출력을 쓸 수 없습니다: {reason}",
    },
    "output.stdout_failed": {
        "en": "cannot write to standard output: {reason}",
        "ko": "표준 출력에 쓸 수 없습니다: {reason}",
    },
    "output.stdout_closed": {
        "en": "standard output is closed, so there is nowhere to write the result",
        "ko": "표준 출력이 닫혀 있어서 결과를 쓸 곳이 없습니다",
    },
    "output.hint.stdout": {
        "en": "check where standard output goes (a full disk, a closed pipe), or write to a file "
              "with -o",
        "ko": "표준 출력이 어디로 가는지 확인하거나 (디스크가 가득 찼거나 파이프가 닫힌 경우), "
              "-o 로 파일에 쓰세요",
    },
    "output.hint.folder": {
        "en": "check that the folder exists, is writable and has free space; no partial "
              "file was left behind",
        "ko": "폴더가 있는지, 쓰기 권한과 남은 공간이 있는지 확인하세요. 쓰다 만 파일은 남기지 "
              "않았습니다",
    },
    # Unexpected failures and interruptions.
    "internal.bug": {
        "en": "internal error ({kind}: {detail}); this is a bug in neuroncli",
        "ko": "내부 오류입니다 ({kind}: {detail}). neuroncli의 버그입니다",
    },
    "internal.hint": {
        "en": "run the command again with --debug to see the traceback, and report it",
        "ko": "--debug 를 붙여 다시 실행하면 트레이스백을 볼 수 있습니다. 버그로 알려 주세요",
    },
    "signal.interrupted": {
        "en": "interrupted; no output file was written",
        "ko": "중단되었습니다. 출력 파일은 쓰지 않았습니다",
    },
    # Help text.
    "help.app": {
        "en": "Evaluate an artificial neuron, z = X w + b and a = g(z), on CSV data.",
        "ko": "CSV 데이터에서 인공 뉴런 z = X w + b, a = g(z) 를 계산합니다.",
    },
    "help.version": {"en": "Show the version and exit.", "ko": "버전을 보여 주고 끝냅니다."},
    "help.eval": {
        "en": "Evaluate the neuron on every row of DATA and print z and a.\n\n"
              "DATA is a CSV file (.tsv for tabs; .gz, .bz2, .xz and .zip are decompressed), "
              "or - for standard input. PARAMS is a JSON file with weights, bias and "
              "activation. Results go to standard output as a table on a terminal and as CSV "
              "otherwise; messages go to standard error.",
        "ko": "DATA의 모든 행에서 뉴런을 계산해 z와 a를 출력합니다.\n\n"
              "DATA는 CSV 파일(.tsv 는 탭 구분, .gz, .bz2, .xz, .zip 은 압축을 풀어 읽음)이나 "
              "표준 입력을 뜻하는 - 입니다. PARAMS는 weights, bias, activation 을 담은 JSON "
              "파일입니다. 결과는 표준 출력으로 나가며, 터미널에서는 표로, 그 밖에는 CSV로 "
              "씁니다. 안내와 오류 메시지는 표준 오류로 나갑니다.",
    },
    "help.data": {
        "en": "The data file, or - to read standard input.",
        "ko": "데이터 파일. 표준 입력에서 읽으려면 - 를 씁니다.",
    },
    "help.params": {
        "en": "JSON parameter file: weights, bias and activation.",
        "ko": "weights, bias, activation 을 담은 JSON 매개변수 파일.",
    },
    "help.activation": {
        "en": "Activation function; overrides the parameter file. One of: {names}.",
        "ko": "활성화 함수. 매개변수 파일의 값보다 우선합니다. 다음 중 하나: {names}.",
    },
    "help.activation_param": {
        "en": "An activation parameter as NAME=VALUE, such as negative_slope=0.2; repeatable.",
        "ko": "활성화 함수의 매개변수를 이름=값 으로 지정합니다 (예: negative_slope=0.2). "
              "여러 번 쓸 수 있습니다.",
    },
    "help.features": {
        "en": "Feature columns: names or 1-based positions and ranges, comma-separated "
              "(sepal_length,petal_width or 1-4). Default: the names in the parameter file, "
              "or every column that is not an --id-column.",
        "ko": "특성 열. 이름이나 1부터 세는 위치와 범위를 쉼표로 구분해 씁니다 "
              "(sepal_length,petal_width 또는 1-4). 기본값은 매개변수 파일에 적힌 이름, "
              "없으면 --id-column 이 아닌 모든 열입니다.",
    },
    "help.id_column": {
        "en": "Column copied unchanged to the output to identify rows (repeatable). "
              "Without it the output has a 1-based 'row' column.",
        "ko": "행을 구별하려고 출력에 그대로 옮길 열 (여러 번 쓸 수 있음). 지정하지 않으면 "
              "출력에 1부터 세는 'row' 열이 붙습니다.",
    },
    "help.keep_input": {
        "en": "Also write every input column, as written in the file.",
        "ko": "입력 열도 모두 파일에 적힌 그대로 함께 씁니다.",
    },
    "help.delimiter": {
        "en": "Field delimiter: one character, or 'tab'. Default: tab for .tsv, else detected "
              "among , ; tab | from the first lines, else comma.",
        "ko": "필드 구분자: 한 글자 또는 'tab'. 기본값은 .tsv 면 탭이고, 그 밖에는 처음 몇 줄을 "
              "보고 , ; 탭 | 중에서 찾으며, 찾지 못하면 쉼표입니다.",
    },
    "help.no_header": {
        "en": "The first line is data; columns are named x1, x2, ...",
        "ko": "첫 줄도 데이터입니다. 열 이름은 x1, x2, ... 로 붙입니다.",
    },
    "help.encoding": {
        "en": "Text encoding of the data, such as cp949 or utf-16. Default: detected: a byte "
              "order mark, else UTF-8, else cp949 (Korean Excel) or UTF-16.",
        "ko": "데이터의 문자 인코딩 (예: cp949, utf-16). 기본값은 자동 감지로, BOM을 먼저 보고, "
              "없으면 UTF-8, 그것도 아니면 cp949(한국어 Excel)나 UTF-16인지 확인합니다.",
    },
    "help.decimal": {
        "en": "Decimal mark of the numbers: '.' or ','.",
        "ko": "숫자의 소수점 기호: '.' 또는 ','.",
    },
    "help.thousands": {
        "en": "Thousands separator inside numbers, removed before parsing (for example , in "
              "\"1,234.5\"). Never guessed.",
        "ko": "숫자 안의 천 단위 구분 기호. 숫자를 읽기 전에 지웁니다 (예: \"1,234.5\"의 ,). "
              "추측하지 않으므로 필요하면 직접 지정하세요.",
    },
    "help.missing": {
        "en": "Empty cells and markers such as NA: 'error' stops with a message, 'nan' reads "
              "them as NaN.",
        "ko": "빈 칸과 NA 같은 표시를 어떻게 다룰지: 'error' 는 오류로 멈추고, 'nan' 은 NaN으로 "
              "읽습니다.",
    },
    "help.output": {
        "en": "Write the result to this file instead of standard output; the format follows "
              "the extension (.csv, .tsv, .json, .jsonl, .txt for a table).",
        "ko": "결과를 표준 출력 대신 이 파일에 씁니다. 형식은 확장자를 따릅니다 (.csv, .tsv, "
              ".json, .jsonl, 표는 .txt).",
    },
    "help.format": {
        "en": "Output format. Default: table on a terminal, otherwise from the -o extension, "
              "or CSV.",
        "ko": "출력 형식. 기본값은 터미널이면 표, 아니면 -o 의 확장자를 따르고, 그것도 없으면 "
              "CSV입니다.",
    },
    "help.precision": {
        "en": "Significant digits of the numbers in a table (CSV and JSON always keep every "
              "digit).",
        "ko": "표에 보여 줄 숫자의 유효 자릿수 (CSV와 JSON은 언제나 모든 자릿수를 씁니다).",
    },
    "help.max_rows": {
        "en": "Rows shown in a table: the first and last half of this many; 0 shows all.",
        "ko": "표에 보여 줄 행 수. 이 수의 절반씩 앞과 뒤를 보여 주며, 0이면 모두 보여 줍니다.",
    },
    "help.chunk_size": {
        "en": "Rows read and evaluated at a time; bounds memory, never changes the result.",
        "ko": "한 번에 읽어 계산할 행 수. 메모리 사용량만 정하며 결과는 바뀌지 않습니다.",
    },
    "help.safe_csv": {
        "en": "Prefix text cells that start with = + - @ with a single quote, so that "
              "spreadsheets do not run them as formulas. Numbers are not changed.",
        "ko": "= + - @ 로 시작하는 텍스트 칸 앞에 작은따옴표를 붙여, 스프레드시트가 수식으로 "
              "실행하지 않게 합니다. 숫자는 바꾸지 않습니다.",
    },
    "help.bom": {
        "en": "Start the output with a UTF-8 byte order mark, so that Excel reads Korean "
              "text correctly.",
        "ko": "출력 앞에 UTF-8 BOM을 붙여 Excel이 한글을 제대로 읽게 합니다.",
    },
    "help.target": {
        "en": "Column with the expected output: adds a per-row 'loss' column and prints the mean "
              "loss and the accuracy. Class names from \"outputs\", class indices or 0/1.",
        "ko": "정답이 든 열. 행마다 'loss' 열을 붙이고 평균 손실과 정확도를 출력합니다. "
              "\"outputs\"의 클래스 이름, 클래스 번호, 또는 0/1 을 씁니다.",
    },
    "help.loss": {
        "en": "Loss against --target: mse, mae, bce or cce. Default: bce for one sigmoid unit, "
              "cce for softmax, otherwise mse.",
        "ko": "--target 에 대한 손실 함수: mse, mae, bce, cce. 기본값은 sigmoid 유닛 하나면 bce, "
              "softmax면 cce, 그 밖에는 mse입니다.",
    },
    "help.all_layers": {
        "en": "Also write every hidden layer's z and a (columns l1_z_0, l1_a_0, ...).",
        "ko": "은닉층의 z와 a도 모두 씁니다 (l1_z_0, l1_a_0, ... 열).",
    },
    "help.max_columns": {
        "en": "Columns shown in a table; the rest are left out with a note. 0 shows all.",
        "ko": "표에 보여 줄 열 수. 나머지는 생략하고 알려 줍니다. 0이면 모두 보여 줍니다.",
    },
    "help.quiet": {
        "en": "Print no summary on standard error; errors are still printed.",
        "ko": "표준 오류에 요약을 출력하지 않습니다. 오류는 그래도 출력합니다.",
    },
    "help.lang": {
        "en": "Language of messages: en or ko. Default: NEURONCLI_LANG, then the locale.",
        "ko": "메시지 언어: en 또는 ko. 기본값은 NEURONCLI_LANG, 그다음 로캘입니다.",
    },
    "help.debug": {
        "en": "Show the full traceback of an internal error.",
        "ko": "내부 오류가 나면 트레이스백 전체를 보여 줍니다.",
    },
    # Texts that Typer and Click print themselves in help and usage errors, where the English
    # ones are Click's wording. Typer fills in {default} and {var}, neuroncli.cli {command}.
    "framework.usage": {"en": "Usage: ", "ko": "사용법: "},
    "framework.arguments": {"en": "Arguments", "ko": "인수"},
    "framework.options": {"en": "Options", "ko": "옵션"},
    "framework.commands": {"en": "Commands", "ko": "명령"},
    "framework.default": {"en": "default: {default}", "ko": "기본값: {default}"},
    "framework.required": {"en": "required", "ko": "필수"},
    "framework.env_var": {"en": "env var: {var}", "ko": "환경 변수: {var}"},
    "framework.dynamic": {"en": "(dynamic)", "ko": "(실행할 때 정해짐)"},
    "framework.help_option": {
        "en": "Show this message and exit.",
        "ko": "이 도움말을 보여 주고 끝냅니다.",
    },
    "framework.try_help": {
        "en": "Try '{command}' for help.",
        "ko": "도움말은 '{command}' 명령으로 볼 수 있습니다.",
    },
    "framework.error": {"en": "Error: ", "ko": "오류: "},
    "framework.aborted": {"en": "Aborted!", "ko": "중단했습니다."},
    # Results.
    "table.title": {
        "en": "Neuron output: {activation}, z = X w + b, {shapes}",
        "ko": "뉴런 출력: {activation}, z = X w + b, {shapes}",
    },
    "table.title_layer": {
        "en": "Layer output: {activation}, Z = X W + b, {shapes}",
        "ko": "층 출력: {activation}, Z = X W + b, {shapes}",
    },
    "table.title_network": {
        "en": "Network output ({layers} layers, output activation {activation}): {shapes}",
        "ko": "신경망 출력 (층 {layers}개, 출력 활성화 함수 {activation}): {shapes}",
    },
    "table.columns_omitted": {
        "en": "{hidden} of {total} columns not shown; use --max-columns 0 to show all, "
              "or --format csv",
        "ko": "전체 {total}열 중 {hidden}열은 생략했습니다. 모두 보려면 --max-columns 0 을, "
              "CSV로 받으려면 --format csv 를 쓰세요",
    },
    "table.omitted": {
        "en": "{omitted} of {rows} rows not shown; use --max-rows 0 to show all, "
              "or --format csv",
        "ko": "전체 {rows}행 중 {omitted}행은 생략했습니다. 모두 보려면 --max-rows 0 을, "
              "CSV로 받으려면 --format csv 를 쓰세요",
    },
    "table.no_rows": {
        "en": "0 rows: the data has a header but no rows",
        "ko": "0행: 데이터에 헤더만 있고 행이 없습니다",
    },
    "summary.evaluated": {
        "en": "evaluated {rows} rows with {activation}; {n_x} features: {features}",
        "ko": "{rows}행을 {activation}(으)로 계산했습니다. 특성 {n_x}개: {features}",
    },
    "summary.loss": {
        "en": "mean loss ({loss}) over {rows} rows: {mean}",
        "ko": "{rows}행의 평균 손실({loss}): {mean}",
    },
    "summary.accuracy": {
        "en": "accuracy: {accuracy} ({correct} of {total} rows predicted correctly)",
        "ko": "정확도: {accuracy} ({total}행 중 {correct}행을 맞게 예측)",
    },
    "summary.written": {
        "en": "wrote {rows} rows to {path}",
        "ko": "{rows}행을 {path}에 썼습니다",
    },
}


def _merge_command_messages() -> None:
    from neuroncli import messages_check, messages_explain, messages_speed, messages_tools

    for module in (messages_check, messages_explain, messages_tools, messages_speed):
        for key, entry in module.MESSAGES.items():
            if key in MESSAGES:
                raise RuntimeError(f"message key {key!r} is defined twice")
            MESSAGES[key] = entry


_merge_command_messages()
