from django import forms

from greencomp.uploads import file_field

from .services import ATTACHMENT_TYPES


class SearchForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False,
                        widget=forms.TextInput(attrs={"placeholder": "标题、正文或竞赛名称", "type": "search"}))


class NoticeForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18}),
                           help_text="纯文本；空行分段。发布后在门户首页“通知公告”中公开。")


class NoticeAttachmentForm(forms.Form):
    file = file_field("附件", allowed=ATTACHMENT_TYPES, note="发布后任何人都可下载，请勿上传含个人信息的文件。")


class UnpublishForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="例如：省工业大数据平台同步。")


class TokenRevokeForm(forms.Form):
    reason = forms.CharField(label="吊销原因", max_length=500)
