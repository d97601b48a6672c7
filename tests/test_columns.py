"""parse_feature_spec and select_columns: names, positions, ranges and their errors."""

from __future__ import annotations

import pytest

from neuroncli.columns import Selection, parse_feature_spec, select_columns
from neuroncli.errors import InputDataError, ParameterError, UsageError

COLUMNS = ["이름", "키", "몸무게", "age", "age2"]


def select(*, param_features: list[str] | None = None, cli_features: list[str] | None = None,
           id_columns: tuple[str, ...] | list[str] = (), keep_input: bool = False,
           params_path: str | None = None) -> Selection:
    """Call select_columns on COLUMNS."""
    return select_columns(COLUMNS, param_features=param_features, cli_features=cli_features,
                          id_columns=list(id_columns), keep_input=keep_input,
                          params_path=params_path)


# parse_feature_spec ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["키"], [1]),
        (["몸무게", "키"], [2, 1]),
        (["키,age"], [1, 3]),
        (["2"], [1]),
        (["5", "1"], [4, 0]),
        (["2-4"], [1, 2, 3]),
        ([" 2 - 3 "], [1, 2]),
        (["1-1"], [0]),
        (["1-5"], [0, 1, 2, 3, 4]),
        (["4-5,키"], [3, 4, 1]),
        (["age2"], [4]),
    ],
)
def test_feature_spec_resolves(tokens, expected):
    assert parse_feature_spec(tokens, COLUMNS) == expected


def test_column_named_like_number_taken_as_name():
    columns = ["2", "1", "x"]

    assert parse_feature_spec(["2"], columns) == [0]
    assert parse_feature_spec(["1"], columns) == [1]
    assert parse_feature_spec(["3"], columns) == [2]
    assert parse_feature_spec(["1-2"], columns) == [0, 1]


def test_duplicate_header_name_rejected():
    columns = ["a", "b", "a"]

    with pytest.raises(InputDataError) as info:
        parse_feature_spec(["a"], columns)

    assert info.value.key == "select.duplicate_name"
    assert info.value.fields["positions"] == "1, 3"
    assert info.value.hint == "select.hint.by_position"
    assert "--features 1" in info.value.render("en")


def test_duplicate_header_name_by_position():
    assert parse_feature_spec(["3", "2"], ["a", "b", "a"]) == [2, 1]


def test_unknown_name_suggests_closest():
    with pytest.raises(UsageError) as info:
        parse_feature_spec(["agee"], COLUMNS)

    assert info.value.key == "select.not_found"
    assert info.value.fields["column_name"] == "agee"
    assert info.value.fields["suggestions"].split(", ")[0] == "age"
    assert info.value.hint == "hint.did_you_mean"
    assert info.value.render("en")
    assert info.value.render("ko")


def test_unknown_name_without_suggestion_lists_columns():
    with pytest.raises(UsageError) as info:
        parse_feature_spec(["zzz"], COLUMNS)

    assert info.value.hint == "select.hint.columns"
    assert info.value.fields["columns"] == ", ".join(COLUMNS)


@pytest.mark.parametrize("token", ["0", "6", "3-2", "4-6", "0-2", "99"])
def test_position_out_of_range(token):
    with pytest.raises(UsageError) as info:
        parse_feature_spec([token], COLUMNS)

    assert info.value.key == "select.bad_range"
    assert info.value.fields["token"] == token
    assert info.value.fields["count"] == len(COLUMNS)


def test_empty_spec_rejected():
    with pytest.raises(UsageError) as info:
        parse_feature_spec([], COLUMNS)

    assert info.value.key == "select.empty"


@pytest.mark.parametrize("tokens", [["키,,age"], [""], ["1-"], ["-3"]])
def test_malformed_token_not_found(tokens):
    with pytest.raises(UsageError) as info:
        parse_feature_spec(tokens, COLUMNS)

    assert info.value.key == "select.not_found"


# select_columns ----------------------------------------------------------------------------

def test_default_features_are_all_but_ids():
    selection = select(id_columns=["이름"])

    assert selection.features == (1, 2, 3, 4)
    assert selection.ids == (0,)
    assert selection.kept == ()
    assert selection.passthrough == (0,)


def test_parameter_names_choose_features_in_their_order():
    selection = select(param_features=["age", "키"], id_columns=["이름"])

    assert selection.features == (3, 1)


def test_cli_features_override_parameter_names():
    selection = select(param_features=["age", "키"], cli_features=["2-3"])

    assert selection.features == (1, 2)


def test_parameter_name_not_found_is_parameter_error():
    with pytest.raises(ParameterError) as info:
        select(param_features=["kee"], params_path="model.json")

    assert info.value.key == "select.not_found"
    assert info.value.path == "model.json"
    assert info.value.fields["origin"] == "features"


def test_id_column_not_found_is_usage_error():
    with pytest.raises(UsageError) as info:
        select(id_columns=["name"])

    assert info.value.key == "select.not_found"
    assert info.value.fields["origin"] == "--id-column"


def test_keep_input_keeps_non_id_columns():
    selection = select(id_columns=["이름"], keep_input=True)

    assert selection.kept == (1, 2, 3, 4)
    assert selection.passthrough == (0, 1, 2, 3, 4)
