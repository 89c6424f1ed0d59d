"""Lines that web pages and document sites add around a plan.

Each rule names why a line is junk, so the preview can say it. A line is judged
alone, except for related-article lists: after a heading such as 相关文章, the
short title-like lines that follow belong to the list.
"""

import re

from django.utils.translation import gettext as _

from importing.labels import split_label

NUMERAL = "[0-9０-９一二三四五六七八九十]"

URL = re.compile(r"https?://|www\.[a-z0-9-]+\.|[a-z0-9-]+\.(?:com|cn|net|org|gov)(?:/|\b)", re.I)
BREADCRUMB_START = re.compile(
    r"^(?:首页|主页|网站首页|当前位置|您的位置|您现在的位置|位置)\s*[>＞›»:：]"
)
BREADCRUMB_STEP = re.compile(r"\s*[>＞›»]\s*|\s+/\s+")
BOILERPLATE = re.compile(
    "小编|为大家(?:整理|收集|准备|分享|带来|精心)|以下是.{0,20}(?:整理|分享|为您)"
    "|供(?:大家|您|你)(?:参考|借鉴|阅读)|仅供参考|希望.{0,12}(?:有所帮助|帮助到|对(?:你|您|大家)有)"
    "|欢迎(?:阅读|借鉴|参考|下载|收藏)|敬请关注|更多.{0,12}(?:请|敬请)?(?:关注|访问|点击|查看)"
    "|点击(?:下载|查看|进入|这里|此处|收藏)|免费下载|(?:下载|阅读|查看)(?:本文|全文|完整|原文)"
    "|展开全文|全文阅读|本文(?:由|来自|来源|转载|地址|链接)|版权(?:所有|归)|转载请|如有侵权"
    "|联系删除|扫一扫|下载积分|文档格式|VIP"
)
RELATED_HEADING = re.compile(
    r"^[【\[]?(?:相关(?:文章|推荐|阅读|文档|范文|内容|链接|专题)|热门(?:文章|推荐|范文|阅读)"
    r"|推荐(?:阅读|文章|范文)|猜你喜欢|延伸阅读|精彩推荐|最新(?:文章|范文|更新)"
    r"|上一篇|下一篇|上一页|下一页)[】\]]?(?:[:：].*)?$"
)
PAGE_MARKER = re.compile(
    rf"^(?:第\s*{NUMERAL}+\s*页(?:\s*[/,，、]?\s*共\s*{NUMERAL}+\s*页)?"
    rf"|共\s*{NUMERAL}+\s*页|[-—–－─]+\s*\d+\s*[-—–－─]+|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?"
    r"|\d{1,3})$",
    re.I,
)
METADATA = re.compile(
    r"^(?:来源|作者|发布(?:时间|日期|者)|更新(?:时间|日期)|浏览(?:次数|量)?|点击(?:数|量|次数)?"
    r"|阅读(?:量|数|次数)|字号|责任编辑)\s*[:：]\s*(?:.{0,30})$"
    # 时间：6月 is an activity's field; only an empty 时间： is a page's.
    r"|^(?:时间|日期)\s*[:：]\s*$"
)
BUTTONS = re.compile(
    r"^(?:[【\[]?(?:打印|关闭|收藏|分享|返回|顶部|纠错)[^】\]]{0,4}[】\]]?\s*)+$"
    r"|^(?:打印本页|关闭窗口|返回顶部|返回首页|分享到.*|字体[:：].*|大\s*中\s*小)$"
)
COPYRIGHT = re.compile(r"copyright|©|ICP备|ICP证|公网安备", re.I)
# The page title of an article list: 工作计划范文(精选4篇), 样本热门四篇.
SITE_TITLE = re.compile(
    rf"(?:精选|通用|热门|优秀|最新|汇总|合集)\s*{NUMERAL}+\s*篇|{NUMERAL}+\s*篇\s*[)）]?$"
)
# Inside a related list, a line that reads like a title, not a sentence.
TITLE_LIKE_MAX = 40
SENTENCE_END = re.compile("[。；！？]")


def junk_reason(text: str) -> str:
    """Why this line is junk, or '' if it may belong to the plan."""
    if URL.search(text):
        return _("web address")
    if BREADCRUMB_START.search(text) or len(BREADCRUMB_STEP.findall(text)) >= 2:
        return _("breadcrumb")
    if COPYRIGHT.search(text):
        return _("copyright notice")
    if BOILERPLATE.search(text):
        return _("text added by the website")
    if RELATED_HEADING.match(text):
        return _("related articles")
    if PAGE_MARKER.match(text):
        return _("page marker")
    if METADATA.match(text):
        return _("page information")
    if BUTTONS.match(text):
        return _("page buttons")
    if SITE_TITLE.search(text) and len(text) <= TITLE_LIKE_MAX:
        return _("title of the web page")
    return ""


def find_junk(lines: list[str]) -> dict[int, str]:
    """Junk lines by index, with their reason; blank lines are never junk."""
    found: dict[int, str] = {}
    in_related_list = False
    for index, text in enumerate(lines):
        if not text:
            continue
        reason = junk_reason(text)
        if reason:
            found[index] = reason
            in_related_list = bool(RELATED_HEADING.match(text))
            continue
        if (
            in_related_list
            and len(text) <= TITLE_LIKE_MAX
            and not SENTENCE_END.search(text)
            and split_label(text)[0] is None
        ):
            found[index] = _("related articles")
            continue
        in_related_list = False
    return found
