"""Boilerplate: the kinds of text news sites wrap around an article (link lists under a
"popular / related" heading, sign-up and share prompts, legal notices, navigation, wire IDs),
described by what they are rather than by any one site's phrasing."""

from __future__ import annotations

import re

from .text import _SENTENCE_END, _is_cjk, _words, is_prose

# Headings that introduce a list of links to other articles (the items are dropped too).
LIST_HEADING = re.compile(
    r"\b(?:popular(?:\s+(?:articles?|stories|news|now))?|most\s+(?:read|viewed|popular|shared|"
    r"commented)|access\s+ranking|ranking|trending(?:\s+now)?|related(?:\s+(?:articles?|stories|"
    r"news|coverage|content|links|materials|posts|topics))?|read\s+(?:more|also|next)|also\s+read|"
    r"see\s+also|more\s+(?:from|on|stories|news|in|articles|headlines)\b.*|recommended(?:\s+for\s+you)?|"
    r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)|editor[’']?s\s+picks|"
    r"latest\s+(?:news|stories|headlines)|top\s+(?:stories|news)|further\s+reading|"
    r"around\s+the\s+web|don[’']t\s+miss|what\s+to\s+read\s+next|in\s+other\s+news)\b"
    r"|читайте\s+также|по\s+теме|популярное|самое\s+(?:читаемое|популярное|интересное)|"
    r"новости\s+партн[её]ров|ещ[её]\s+по\s+теме|рекомендуем|"
    r"関連(?:記事|ニュース|リンク|情報)?|アクセスランキング|ランキング|人気(?:記事|ニュース)?|"
    r"おすすめ(?:記事)?|こちらもおすすめ|あわせて読みたい|注目(?:記事|ニュース)",
    re.I,
)
# A single line pointing elsewhere: "Read more: <headline>".
LINK_PROMPT = re.compile(
    r"^(?:read\s+(?:more|also|next)|also\s+read|related|see\s+also|more|watch|listen|"
    r"читайте\s+также|関連記事)\s*[:：|»›>\-–—]\s*\S",
    re.I,
)
# Whole-line chrome: navigation, share prompts, ads, sign-up buttons.
CHROME_LINE = re.compile(
    r"^(?:home|menu|search|skip\s+to\s+(?:main\s+)?contents?|back\s+to\s+top|top|next|previous|"
    r"next\s+article|previous\s+article|print(?:\s+version)?|e-?mail|tweet|share|"
    r"share\s+(?:this|on|us|via)\b.*|on\s+your\s+social\s+networks:?|follow\s+us\b.*|"
    r"like\s+us\s+on\b.*|copy\s+link|advertisement|sponsored(?:\s+content)?|"
    r"sign\s*(?:up|in)\b.*|log\s*in|register|subscribe\b.*|no\s+thanks|accept(?:\s+all)?|"
    r"comments?(?:\s*\(\d+\))?|leave\s+a\s+comment|tags?:.*|topics?:.*|filed\s+under:?.*|"
    r"explore\s+more\b.*|discover\s+more\b.*|get\s+the\s+(?:latest|best)\b.*|"
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|vk|vkontakte|reddit|line|email|"
    r"print|copy link)(?:\s+(?:facebook|twitter|x|linkedin|whatsapp|telegram|vk|vkontakte|"
    r"reddit|line|email|print|copy link))*|"
    r"поделиться|реклама|главная|подписывайтесь\b.*|подпишитесь\b.*|принять(?:\s+все)?|"
    r"понятно|согласен|ok|got\s+it|i\s+agree|同意する|同意して閉じる|閉じる|"
    r"ホーム|本文へ(?:移動|スキップ)|(?:この)?ページの(?:トップ|先頭)へ(?:戻る)?|この記事をシェア(?:する)?|"
    r"広告|メールで送る|#{3,}|-{3,}|\*{3,}|•|-|–|—|·|\||"
    # A page's tools for the article: "この記事をスクラップする", "保存", "ポストする".
    r"(?:この記事を)?(?:スクラップ|保存|共有|印刷|シェア|ポスト|ブックマーク|フォロー)(?:する)?|"
    # A short tag in square brackets on a line of its own: "[読者会員限定]", "[Premium]"
    # (not 【…】, which holds a Japanese byline: "【山田太郎】").
    r"[\[［〔][^\]］〕]{1,15}[\]］〕])$",
    re.I,
)
# Phrases that mark a whole block as legal, sign-up or cookie boilerplate wherever it is.
BOILERPLATE_PHRASE = re.compile(
    r"legal\s+disclaimer|without\s+warranty|(?:do|does)\s+not\s+(?:accept|assume)\s+any\s+"
    r"(?:responsibility|liability)|all\s+rights\s+reserved|no\s+reproduction|"
    r"reproduction\s+(?:is\s+)?(?:prohibited|forbidden)|^\s*(?:©|\(c\)|copyright\b)|"
    r"views\s+(?:and\s+opinions\s+)?expressed|auto-generated\s+from\s+a\s+syndicated\s+feed|"
    r"has\s+not\s+been\s+edited\s+by|"
    r"reference\s+to\s+the\s+source\s+is\s+required|\d\s*min(?:ute)?s?\s+read\b|"
    # Reading time: "Время на прочтение: 2 мин", "Читать 3 минуты", "この記事は約3分で読めます".
    r"^время\s+(?:на\s+)?(?:прочтени|чтени)\w*|^читать\s+\d+\s+мин|約?\d+分で読め|"
    r"^reading\s+time\b|"
    r"^media\s+(?:contact|enquiries|inquiries)|^(?:tel|phone|fax|e-?mail)\s*[:.]|"
    r"все\s+права\s+защищены|все\s+права\s+на\s+материалы|"
    # A translation's own disclaimer, and a pointer to the rest of the story elsewhere.
    r"\b(?:provisional|unofficial)\s+translation\b|\btranslation\s+for\s+reference\b|仮訳|"
    r"подробности\s*[—–-]?\s*(?:читайте\s+)?на\s+сайте|"
    r"\b(?:full\s+story|more\s+details|details)\s+(?:on|at)\s+(?:the\s+)?(?:website|site)\b|"
    r"при\s+(?:использовании|цитировании)\s+материалов|"
    r"подписывайтесь\s+на|無断(?:転載|複製)|著作権|"
    # A republisher's note on where the text came from, not the article's own words.
    r"^\(?\s*with\s+inputs\s+from\s+(?:agencies|wires?|[A-Z][\w ]{1,30})\.?\s*\)?\.?$|"
    r"^\(?\s*with\s+(?:agency|wire|pti|ians)\s+inputs\s*\)?\.?$|"
    # The desk's credits under a story: "Edited by: …", "Compiled by …".
    r"^\(?\s*(?:edited|compiled)\s+by\b[^.]{0,60}$|"
    r"файл\w*\s+cookie|использу\w*\s+(?:файлы\s+)?cookies?|политик\w*\s+конфиденциальности|"
    r"クッキー|cookie\s*(?:を|の|に|（)|"
    r"\bwe\s+use\s+cookies\b|有料記事|有料会員|続きを(?:お)?読|初月無料|残り\d+文字|^\d+文字$",
    re.I,
)
# Sign-up and cookie prompts: these words also occur in news ("the ministry's newsletter"),
# so they count only in text that speaks to the reader.
READER_PROMPT = re.compile(
    r"newsletter|e-?mail\s+alert|sign(?:ing)?[\s-]*up\b|subscri(?:be|ption|ber)|unsubscribe|"
    r"terms\s*(?:&|and)\s*conditions|terms\s+of\s+(?:use|service)|privacy\s+policy|cookies?\b|"
    r"inbox|free\s+trial|unlimited\s+access",
    re.I,
)
READER_ADDRESS = re.compile(
    r"\b(?:you|your|our|us)\b|^(?:sign|subscribe|get|join|follow|download|register|click|"
    r"read|don[’']t|never|stay|try|start|enter|accept)\b",
    re.I,
)
# Photo captions ("… (Photo: Japan Coast Guard)", "Photo: Reuters") and advert markers.
CAPTION = re.compile(
    r"^(?:photo|file\s+photo|image|picture|фото|写真)\s*[:：]|"
    # "Официальный представитель МИД России Мария Захарова. Архивное фото": an archive photo.
    r"(?:^|[.\s])(?:архивное\s+фото|фото\s+из\s+архива|file\s+photo|資料写真)\.?$|"
    # "Photo courtesy of the ministry", "…Kremlin pool photo via AP".
    r"^(?:photos?|images?)\s+(?:courtesy\s+of|by|from)\b|"
    r"\b(?:pool\s+)?photo\s+(?:via|by)\s+[A-Z][\w .'’-]{1,30}$|"
    # Japanese labels and credits: 写真・図版, 【写真】…, 写真はロイター, （写真：ロイター）.
    r"^写真(?:・図版)?$|^【写真】|^写真は|[（(]写真[:：][^（()）]{1,30}[)）]$|"
    # The control that opens a picture full size: 写真拡大, 画像を拡大, "Enlarge image".
    r"^(?:写真|画像)を?拡大(?:する)?$|^(?:enlarge|expand)\s+(?:photo|image|picture)$|"
    r"^увеличить(?:\s+(?:фото|изображение))?$|"
    # "Photo/Illustration A fishing boat at a port…": a site's caption label.
    r"^(?:photos?|images?|pictures?)\s*/\s*\w+\b|"
    # "(Photo: Kyodo)", "(Asahi Shimbun file photo)", "(Getty Images)".
    r"[(（][^()（）]{0,40}\b(?:photo|photograph|image|picture|фото)s?\b[^()（）]{0,40}[)）]\s*$|"
    # "…building in Tokyo. Photo: AFP": a credit closing the caption's sentence.
    r"(?<=[.!?]\s)(?:photo|file\s+photo|image|picture|фото)\s*[:：]\s*[^.:]{1,40}$|"
    # "Fishing boats moored at Nemuro port. | KYODO", "… | AFP-JIJI": a credit in capitals
    # after a bar closes the caption (The Japan Times).
    r"\s[|｜]\s*[A-Z][A-Z&/.'’ -]{1,30}$|"
    # "会見する外務次官＝２０２２年、モスクワ、ロイター": a Japanese caption closes with the
    # agency that took the picture.
    r"[＝=][^。＝=]{0,40}(?:ロイター|ＡＰ|AP|ＡＦＰ|AFP|ＥＰＡ|EPA|共同|時事|タス|スプートニク|"
    r"ゲッティ|ＲＩＡ|RIA)[)）]?$|"
    # Japanese captions end with who took or gave the picture: "…＝首相官邸で、竹内幹撮影",
    # "（防衛省提供）".
    r"[＝=、][^。]{0,40}(?:撮影|提供)[)）]?$|^[（(][^（()）]{1,30}(?:撮影|提供)[)）]$|"
    # An agency photographer's credit closing a caption: "REUTERS/Issei Kato",
    # "AFP PHOTO / Kazuhiro Nogi", "Sputnik/Pool via Reuters".
    r"\b(?:REUTERS|AFP|AP|KYODO|JIJI|EPA|TASS|SPUTNIK|RIA\s+NOVOSTI|GETTY\s+IMAGES|POOL)"
    r"(?:\s+PHOTO)?\s*/\s*[A-Z][\w.'’ -]{1,40}$|"
    # A Japanese caption closes with when and where the picture was taken: "記者団の取材に
    # 応じる外相＝２２日午後、東京・霞が関の外務省", "…＝2024年6月、モスクワ".
    r"[＝=]\s*(?:[0-9０-９]{4}年(?:[0-9０-９]{1,2}月)?)?(?:[0-9０-９]{1,2}日)?"
    r"(?<=[年月日])(?:午前|午後|朝|夜|未明)?(?:、[^。＝=]{1,25})?$|"
    # The credit line under a picture: "Credit: Depositphotos", "Photo credit: …".
    r"^(?:photo\s+|image\s+)?credits?\s*[:：]\s*\S[^.]{0,40}$",
    re.I,
)
# A call to subscribe or follow the site ("Enjoying this article? Click here to subscribe…",
# "Подписывайтесь на нас в Telegram", "テレグラムでスプートニクを購読"): chrome, however short.
FOLLOW_PROMPT = re.compile(
    r"click\s+here|enjoying\s+this\s+article|for\s+full\s+access|follow\s+us|join\s+us\s+on|"
    r"download\s+(?:the|our)\s+app|[$€£]\s?\d+(?:\.\d+)?\s+(?:a|per)\s+month|"
    r"подписывайтесь|подпишитесь|нажмите\s+здесь|購読する|を購読|フォローする|フォローして|"
    # "Join us on Telegram" and a call for donations, in Russian.
    r"присоединяйтесь\s+к\s+[^.]{0,40}?\s*в\s+(?:telegram|телеграм\w*|vk|вконтакте|youtube)|"
    r"помогите\s+нам\s+(?:продолжать|работать|оставаться)|поддержите\s+(?:нас|редакцию)\b",
    re.I,
)
# A line of decoration between sections ("◇", "＊＊＊", "◆◆").
DECORATION = re.compile(r"^(?:[◇◆□■○●◎☆★※＊*・~〜=＝\s]+|[—–―_\s-]{3,})$")
# A line of script that came through with the text ("window.yaContextCb.push(function(){…").
SCRIPT_LINE = re.compile(
    r"^(?:window\.|document\.|var\s|let\s|const\s|function\s*\(|\(function|"
    r"[\w$.]+\.push\(|googletag\.|<!--)|function\s*\(\s*\)\s*\{|\}\s*\)\s*;?\s*$"
)
# Navigation: a row of short items ("トップ　速報　ライブ　ランキング", "Home | World | Asia").
NAV_SEPARATOR = re.compile(r"\u3000+|\s{2,}|\s*[|｜]\s*")
ADVERT = re.compile(
    r"\badvertisement\b|story\s+continues\s+below|continue\s+reading\b|^sponsored\b|"
    r"реклама|продолжение\s+ниже|после\s+рекламы|広告|スポンサーリンク|^PR$",
    re.I,
)
WIRE_ID = re.compile(r"^(?:MENAFN\d{8,}ID\d+|[A-Z]{3,10}\d{10,}(?:ID\d+)?|\[?ID:\s*\d+\]?)$")
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
# Breadcrumbs ("Home > World > Asia"): three or more short parts between separators. Found by
# splitting, not by one regular expression: nested repeats of parts that may hold separators
# themselves took minutes on a 100-character line such as "a/a/a/…/a?".
BREADCRUMB_SEPARATOR = re.compile(r"\s*[>›»/]\s*")
_NOT_IN_BREADCRUMB = re.compile(r"[.!?。]")
SPACED_ARROW = re.compile(r"[\s\u3000][>›][\s\u3000]")
SOURCE_URL_LINE = re.compile(
    r"^(?:(?P<label>url|source|link|original|источник|ссылка|出典|出所|URL)\s*[:：]\s*)?"
    r"(?P<url>https?://\S+)$",
    re.I,
)
RANK_ITEM = re.compile(r"^(?:\d{1,2}[.)]?\s+|[-•*·–]\s+)")
REPORTING_CREDIT = re.compile(
    r"^\(\s*(?:reporting|writing|additional\s+reporting|compiled)\s+by\s+(?P<who>[^;)]+?)"
    r"(?:\s+in\s+[A-Z][\w ]+?)?(?:;.*)?\)$",
    re.I,
)
LEADING_LABEL = re.compile(
    r"^(?:press\s+release|news\s+release|for\s+immediate\s+release|statement|comment|"
    r"breaking(?:\s+news)?|exclusive|update\d*|analysis|opinion|пресс-релиз|報道発表|談話)$",
    re.I,
)


def is_navigation(unit: str) -> bool:
    """A row of at least four short items set apart by wide spaces or bars."""
    items = [item for item in NAV_SEPARATOR.split(unit.strip()) if item]
    if len(items) < 4 or _SENTENCE_END.search(unit.strip()):
        return False
    return all((len(item) <= 8) if _is_cjk(item) else _words(item) <= 3 for item in items)


def _is_caption_text(rest: str) -> bool:
    """What stands beside a photo credit is a caption when it is not prose, or one short
    sentence ("Russian embassy building in Tokyo. Photo: AFP"); a paragraph of several
    sentences that happens to close on a credit stays article text."""
    rest = rest.strip()
    if not is_prose(rest):
        return True
    inner_stops = len(re.findall(r"[.!?。！？](?=\s|$)", rest.rstrip(".!?。！？ ")))
    return inner_stops == 0 and (len(rest) <= 60 if _is_cjk(rest) else _words(rest) <= 20)


# What code has and prose does not: keywords, arrows, calls on objects, logical operators.
CODE_TOKEN = re.compile(
    r"\bfunction\b|\bvar\s|\blet\s|\bconst\s|=>|\.push\(|\bwindow\.|\bdocument\.|"
    r"googletag|adsbygoogle|\|\||&&|!==?|===?|\btypeof\b"
)


def is_script(unit: str) -> bool:
    """A line of script that came through with the text: one that starts like code, or any
    line dense with code's punctuation and words ("(adsbygoogle = window.adsbygoogle ||
    []).push({}); var …")."""
    stripped = unit.strip()
    punctuation = sum(stripped.count(c) for c in "{}();=[]")
    if SCRIPT_LINE.search(stripped):
        return punctuation >= 6
    return (
        len(CODE_TOKEN.findall(stripped)) >= 2
        and punctuation >= 8
        and punctuation >= len(stripped) / 25
    )


def is_breadcrumb(unit: str) -> bool:
    if not unit or _NOT_IN_BREADCRUMB.search(unit):
        return False
    # An empty part ("a//b", a trailing "/") joins its neighbour, as it did in the pattern.
    parts = [part for part in BREADCRUMB_SEPARATOR.split(unit) if part]
    if any(part[:1].isdigit() for part in parts):
        # "2023/12/26 19:45": a date line; a trail of sections is made of words.
        return False
    if len(parts) == 2 and SPACED_ARROW.search(unit):
        # "時事ドットコムニュース　>　政治", "News › World": two short parts on either side of
        # a spaced arrow (a slash alone joins words in headlines: "Japan/Russia").
        return all(len(part) <= 25 for part in parts)
    return len(parts) >= 3 and all(len(part) <= 40 for part in parts)


def is_boilerplate(unit: str) -> bool:
    stripped = unit.strip()
    if CHROME_LINE.match(stripped) or WIRE_ID.match(stripped) or BARE_URL.match(stripped):
        return True
    if DECORATION.match(stripped) or is_navigation(stripped) or is_script(stripped):
        return True
    if CAPTION.search(stripped) and _is_caption_text(CAPTION.sub("", stripped)):
        return True
    if ADVERT.search(stripped) and _words(stripped) <= 8:
        return True
    if FOLLOW_PROMPT.search(stripped) and (
        len(stripped) <= 60 if _is_cjk(stripped) else _words(stripped) <= 25
    ):
        return True
    if LINK_PROMPT.match(stripped) and _words(stripped) <= 25:
        return True
    if is_breadcrumb(stripped) and not is_prose(stripped):
        return True
    # Legal, sign-up and cookie text is short-to-medium; a long paragraph that merely
    # mentions one of these words is article text.
    if _words(stripped) > 80 and not _is_cjk(stripped):
        return False
    if BOILERPLATE_PHRASE.search(stripped):
        return True
    return bool(READER_PROMPT.search(stripped) and READER_ADDRESS.search(stripped))


def is_list_heading(unit: str) -> bool:
    stripped = unit.strip().rstrip(":：")
    if len(stripped) > 60 or (_SENTENCE_END.search(stripped) and not stripped.endswith(('"', "”"))):
        return False
    if _is_cjk(stripped):
        return len(stripped) <= 15 and bool(LIST_HEADING.search(stripped))
    return _words(stripped) <= 6 and bool(LIST_HEADING.search(stripped))
