"""Validators shared by every app: 统一社会信用代码, phone numbers, password complexity."""

import re

from django.core.exceptions import ValidationError

# GB 32100-2015: 18 characters from this 31-character alphabet (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位，当前为%(n)d位。", code="length", params={"n": len(code)})
    bad = sorted({c for c in code if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符：%(chars)s（不使用I、O、Z、S、V）。",
            code="charset",
            params={"chars": "、".join(bad)},
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对后重新填写。", code="checksum")


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")


def validate_phone(value: str) -> None:
    """A mainland mobile (13812345678) or landline (0371-65512345, 65512345-801) number."""
    number = re.sub(r"[\s（）()]", "", value or "")
    if not (MOBILE_RE.match(number) or LANDLINE_RE.match(number)):
        raise ValidationError(
            "请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。", code="phone"
        )


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match((value or "").strip()):
        raise ValidationError("请填写正确的11位手机号码。", code="mobile")


class CharacterClassValidator:
    """Password must mix character classes (upper, lower, digit, symbol) — MLPS 2.0 complexity."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def _classes(self, password: str) -> int:
        return sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self._classes(password) < self.min_classes:
            raise ValidationError(
                "密码需至少包含大写字母、小写字母、数字、符号中的%(n)d类。",
                code="password_classes",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return f"密码需至少包含大写字母、小写字母、数字、符号中的{self.min_classes}类。"


class MinimumLengthValidator:
    """Django's zh-hans catalogue lacks the current wording of this message, so it is given here."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "密码长度太短，至少需要%(n)d个字符。", code="password_too_short", params={"n": self.min_length}
            )

    def get_help_text(self):
        return f"密码至少需要{self.min_length}个字符。"
