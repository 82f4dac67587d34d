from django.utils.safestring import SafeData, mark_safe

from greencomp.markup import html_format


def test_html_format_escapes_every_value_that_is_not_already_safe():
    row = html_format('<td title="{title}">{name}</td><td>{cell}</td><td>{n}</td>', title='"引号"',
                      name="<script>alert('x')</script>&", cell=mark_safe("<b>已报送</b>"), n=1000)
    assert row == ('<td title="&quot;引号&quot;">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;</td>'
                   "<td><b>已报送</b></td><td>1000</td>")
    assert isinstance(row, SafeData)


def test_html_format_takes_positional_values_and_its_own_output_as_safe():
    cell = html_format("<i>{}</i>", "a<b")
    assert html_format("<td>{}{}</td>", cell, None) == "<td><i>a&lt;b</i>None</td>"
