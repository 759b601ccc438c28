"""Password rules with messages in Chinese where Django's own catalog lacks
them: Django 5.2 changed the minimum-length message's text and its zh_Hans
translation still has the old one, so the refusal came out in English."""
from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码必须包含至少 {self.min_length} 个字符。"
