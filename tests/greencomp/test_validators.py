import pytest
from django.core.exceptions import ValidationError

from greencomp.validators import validate_credit_code, validate_phone

VALID = "91410100MA3X5Y7K29"


def test_credit_code_with_right_check_character_is_accepted():
    validate_credit_code(VALID)
    validate_credit_code(VALID.lower())  # typed in lower case


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91410100MA3X5Y7K20", "统一社会信用代码校验位不正确，请核对后重新填写。"),
        ("91410100MA3X5Y7K2", "统一社会信用代码应为18位，当前为17位。"),
        ("91410100MA3X5Y7K291", "统一社会信用代码应为18位，当前为19位。"),
        ("91410100MAIX5Y7K29", "统一社会信用代码含有不允许的字符：I（不使用I、O、Z、S、V）。"),
        ("91410100MA3O5S7V2Z", "统一社会信用代码含有不允许的字符：O、S、V、Z（不使用I、O、Z、S、V）。"),
    ],
)
def test_credit_code_wrong_is_refused_in_chinese(code, message):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.messages == [message]


@pytest.mark.parametrize("number", ["13812345678", "0371-65512345", "037165512345", "65512345", "0371-65512345-801"])
def test_phone_valid(number):
    validate_phone(number)


@pytest.mark.parametrize("number", ["12345", "2381234567", "abc", "0371-1234"])
def test_phone_invalid(number):
    with pytest.raises(ValidationError) as exc:
        validate_phone(number)
    assert "请填写正确的电话号码" in exc.value.messages[0]
