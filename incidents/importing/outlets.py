"""The outlets and official bodies that report on Russia–Japan affairs, by the hosts of their
sites: who published a page is read from its address (and, for a pasted copy, from the name
it prints on a header line).

Each outlet is recorded under the name its own site uses (in the site's language), with its
names in the other languages, so that an outlet actor stored under any of them is matched,
and a new one is proposed under a name the editor recognises. An official body's site
(ministry, embassy, parliament, the Kremlin, the Prime Minister's Office) makes the page an
official statement of that body. A republisher (Yahoo!ニュース, MSN, Дзен…) is the page's
publisher; the outlet it carries the story from is the credit, read from the page.

A host matches its registered domain and every subdomain ("function.mil.ru" is mil.ru,
"english.kyodonews.net" is kyodonews.net); the most specific host listed wins ("tokyo.mid.ru",
the Russian embassy in Japan, over "mid.ru", the ministry).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlet:
    name: str
    hosts: tuple[str, ...]
    # Its other names: in English, Russian and Japanese, and short forms.
    names: tuple[str, ...] = ()
    official: bool = False
    republisher: bool = False

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.names)


def _news(name: str, hosts: str, *names: str) -> Outlet:
    return Outlet(name, tuple(hosts.split()), names)


def _official(name: str, hosts: str, *names: str) -> Outlet:
    return Outlet(name, tuple(hosts.split()), names, official=True)


def _republisher(name: str, hosts: str, *names: str) -> Outlet:
    return Outlet(name, tuple(hosts.split()), names, republisher=True)


OUTLETS: tuple[Outlet, ...] = (
    # --- Wire services and agencies ---
    _news("Reuters", "reuters.com", "Рейтер", "ロイター", "ロイター通信"),
    _news("AP", "apnews.com ap.org", "Associated Press", "The Associated Press", "АП"),
    _news("AFP", "afp.com", "Agence France-Presse", "Франс Пресс", "AFP通信"),
    _news("Bloomberg", "bloomberg.com bloomberg.co.jp", "Блумберг", "ブルームバーグ"),
    _news("Kyodo News", "kyodonews.net", "Kyodo", "KYODO NEWS", "共同通信", "Киодо"),
    _news("共同通信", "kyodonews.jp", "Kyodo News", "Kyodo", "Киодо"),
    _news("時事通信", "jiji.com", "Jiji Press", "JIJI", "時事ドットコム", "Дзидзи"),
    _news("Jiji Press", "jen.jiji.com", "JIJI", "時事通信"),
    _news("TASS", "tass.com", "ТАСС", "TASS Russian News Agency", "タス通信"),
    _news("ТАСС", "tass.ru", "TASS", "タス通信"),
    _news("РИА Новости", "ria.ru", "RIA Novosti", "RIA", "リア・ノーボスチ"),
    _news("Интерфакс", "interfax.ru", "Interfax", "INTERFAX.RU", "インタファクス通信"),
    _news("Interfax", "interfax.com", "Интерфакс", "INTERFAX"),
    _news("Sputnik", "sputniknews.com sputnikglobe.com", "Спутник", "スプートニク"),
    _news("スプートニク日本", "sputniknews.jp", "Sputnik Japan", "Sputnik", "スプートニク"),
    _news("Sputnik", "sputniknews.ru", "Спутник"),
    _news("Xinhua", "xinhuanet.com english.news.cn news.cn", "Синьхуа", "新華社"),
    _news("Yonhap", "yna.co.kr en.yna.co.kr", "Ренхап", "聯合ニュース"),
    _news("Ukrinform", "ukrinform.net ukrinform.ua ukrinform.ru", "Укринформ"),
    _news("Prime", "1prime.ru", "ПРАЙМ"),
    # --- Japanese papers, broadcasters and sites ---
    _news("NHK", "nhk.or.jp", "NHK World", "NHK World-Japan", "NHKニュース", "NHK WORLD-JAPAN"),
    _news(
        "The Asahi Shimbun", "asahi.com", "Asahi Shimbun", "朝日新聞", "朝日新聞デジタル", "Асахи"
    ),
    _news(
        "The Mainichi",
        "mainichi.jp",
        "Mainichi Shimbun",
        "The Mainichi Shimbun",
        "毎日新聞",
        "Майнити",
    ),
    _news(
        "読売新聞オンライン",
        "yomiuri.co.jp",
        "The Yomiuri Shimbun",
        "Yomiuri Shimbun",
        "読売新聞",
        "Иомиури",
    ),
    _news(
        "The Japan News",
        "japannews.yomiuri.co.jp the-japan-news.com",
        "The Japan News by The Yomiuri Shimbun",
    ),
    _news("日本経済新聞", "nikkei.com", "Nikkei", "日経新聞", "日経", "Никкэй"),
    _news("Nikkei Asia", "asia.nikkei.com", "Nikkei", "日本経済新聞"),
    _news(
        "産経新聞",
        "sankei.com",
        "産経ニュース",
        "The Sankei Shimbun",
        "Sankei Shimbun",
        "Sankei",
        "Санкэй",
    ),
    _news("Japan Forward", "japan-forward.com", "JAPAN Forward"),
    _news("東京新聞", "tokyo-np.co.jp", "Tokyo Shimbun", "東京新聞デジタル"),
    _news("中日新聞", "chunichi.co.jp", "Chunichi Shimbun"),
    _news(
        "北海道新聞",
        "hokkaido-np.co.jp",
        "The Hokkaido Shimbun",
        "Hokkaido Shimbun",
        "道新",
        "Хоккайдо симбун",
    ),
    _news("西日本新聞", "nishinippon.co.jp", "Nishinippon Shimbun"),
    _news("河北新報", "kahoku.news kahoku.co.jp", "Kahoku Shimpo"),
    _news("沖縄タイムス", "okinawatimes.co.jp", "Okinawa Times"),
    _news("琉球新報", "ryukyushimpo.jp", "Ryukyu Shimpo"),
    _news("神戸新聞", "kobe-np.co.jp", "Kobe Shimbun"),
    _news("中国新聞", "chugoku-np.co.jp", "Chugoku Shimbun"),
    _news("信濃毎日新聞", "shinmai.co.jp", "Shinano Mainichi Shimbun"),
    _news("新潟日報", "niigata-nippo.co.jp", "Niigata Nippo"),
    _news("静岡新聞", "at-s.com", "Shizuoka Shimbun"),
    _news("京都新聞", "kyoto-np.co.jp", "Kyoto Shimbun"),
    _news("テレ朝news", "news.tv-asahi.co.jp tv-asahi.co.jp", "TV Asahi", "テレビ朝日"),
    _news("日テレNEWS", "news.ntv.co.jp ntv.co.jp", "Nippon TV", "日本テレビ"),
    _news("TBS NEWS DIG", "newsdig.tbs.co.jp tbs.co.jp", "TBS", "TBSテレビ"),
    _news("FNNプライムオンライン", "fnn.jp", "FNN", "フジテレビ"),
    _news("テレ東BIZ", "txbiz.tv-tokyo.co.jp tv-tokyo.co.jp", "TV Tokyo", "テレビ東京"),
    _news("HBC北海道放送", "hbc.co.jp", "HBC"),
    _news("STV札幌テレビ", "stv.jp", "STV"),
    _news("UHB北海道文化放送", "uhb.jp", "UHB"),
    _news("東洋経済オンライン", "toyokeizai.net", "Toyo Keizai"),
    _news("ダイヤモンド・オンライン", "diamond.jp", "Diamond Online"),
    _news("プレジデントオンライン", "president.jp", "President Online"),
    _news("文春オンライン", "bunshun.jp", "Bunshun"),
    _news("ニューズウィーク日本版", "newsweekjapan.jp", "Newsweek Japan"),
    _news("JBpress", "jbpress.ismedia.jp"),
    _news("現代ビジネス", "gendai.media gendai.ismedia.jp", "Gendai Business"),
    _news("47NEWS", "47news.jp", "よんななニュース"),
    _news("The Japan Times", "japantimes.co.jp", "Japan Times", "ジャパンタイムズ", "Джапан таймс"),
    _news("Japan Today", "japantoday.com"),
    _news("Nippon.com", "nippon.com", "ニッポンドットコム"),
    # --- Russian papers, broadcasters and sites ---
    _news("РБК", "rbc.ru", "RBC", "RBC Daily"),
    _news("Известия", "iz.ru", "Izvestia", "イズベスチヤ"),
    _news("Коммерсантъ", "kommersant.ru", "Kommersant", "Коммерсант", "コメルサント"),
    _news("Ведомости", "vedomosti.ru", "Vedomosti", "ヴェドモスチ"),
    _news("Российская газета", "rg.ru", "Rossiyskaya Gazeta", "РГ", "ロシア新聞"),
    _news("Лента.ру", "lenta.ru", "Lenta.ru"),
    _news("Газета.Ru", "gazeta.ru", "Gazeta.Ru", "Газета.ру"),
    _news("RT", "rt.com", "Russia Today", "RT на русском"),
    _news("RT на русском", "russian.rt.com", "RT"),
    _news("Meduza", "meduza.io", "Медуза"),
    _news("Новая газета", "novayagazeta.ru novayagazeta.eu", "Novaya Gazeta"),
    _news("The Moscow Times", "themoscowtimes.com", "Moscow Times"),
    _news("Комсомольская правда", "kp.ru", "Komsomolskaya Pravda", "КП"),
    _news("Московский комсомолец", "mk.ru", "Moskovsky Komsomolets", "МК"),
    _news("Аргументы и факты", "aif.ru", "Argumenty i Fakty", "АиФ"),
    _news("Фонтанка", "fontanka.ru", "Fontanka"),
    _news("Взгляд", "vz.ru", "Vzglyad", "Деловая газета «Взгляд»"),
    _news("Регнум", "regnum.ru", "Regnum", "ИА REGNUM"),
    _news("Независимая газета", "ng.ru", "Nezavisimaya Gazeta", "НГ"),
    _news("Парламентская газета", "pnp.ru", "Parlamentskaya Gazeta"),
    _news("Первый канал", "1tv.ru 1tv.com", "Channel One"),
    _news("Вести", "vesti.ru smotrim.ru", "Vesti", "Россия 24"),
    _news("НТВ", "ntv.ru", "NTV"),
    _news("Пятый канал", "5-tv.ru", "Channel 5"),
    _news("Звезда", "tvzvezda.ru", "Zvezda", "Телеканал «Звезда»"),
    _news("РЕН ТВ", "ren.tv", "REN TV"),
    _news("News.ru", "news.ru"),
    _news("Life", "life.ru", "Лайф"),
    _news("EADaily", "eadaily.com"),
    _news("Ura.ru", "ura.news ura.ru"),
    _news("Russia Beyond", "rbth.com", "RBTH"),
    _news("Радио Свобода", "svoboda.org", "Radio Liberty"),
    _news("RFE/RL", "rferl.org", "Radio Free Europe/Radio Liberty", "Радио Свобода"),
    _news("Sakhalin.info", "sakhalin.info", "Сахалин.инфо"),
    _news("Сахалин Медиа", "sakhalinmedia.ru", "Sakhalin.Media"),
    _news("АСТВ", "astv.ru", "ASTV"),
    _news("PrimaMedia", "primamedia.ru", "ПримаМедиа"),
    _news("ДЕЙТА", "deita.ru", "DEITA.RU"),
    _news("VL.ru", "vl.ru", "Новости VL.ru"),
    _news("Тихоокеанская звезда", "toz.su", "Tikhookeanskaya Zvezda"),
    # --- International outlets ---
    _news("The Diplomat", "thediplomat.com", "Diplomat"),
    _news("The New York Times", "nytimes.com", "New York Times", "Нью-Йорк таймс"),
    _news("The Washington Post", "washingtonpost.com", "Washington Post"),
    _news("The Wall Street Journal", "wsj.com", "Wall Street Journal", "WSJ"),
    _news("Financial Times", "ft.com", "FT"),
    _news("The Economist", "economist.com", "Economist"),
    _news("The Guardian", "theguardian.com", "Guardian"),
    _news("BBC", "bbc.com bbc.co.uk", "BBC News", "Би-би-си", "Русская служба Би-би-си"),
    _news("CNN", "cnn.com", "CNN International"),
    _news("Al Jazeera", "aljazeera.com", "Аль-Джазира"),
    _news("France 24", "france24.com"),
    _news("Euronews", "euronews.com", "Евроньюс"),
    _news("DW", "dw.com", "Deutsche Welle", "Немецкая волна"),
    _news("Politico", "politico.com politico.eu", "POLITICO"),
    _news("Foreign Policy", "foreignpolicy.com"),
    _news("Newsweek", "newsweek.com"),
    _news("Time", "time.com", "TIME"),
    _news("ABC News", "abc.net.au", "ABC"),
    _news("South China Morning Post", "scmp.com", "SCMP"),
    _news("The Korea Herald", "koreaherald.com", "Korea Herald"),
    _news("The Korea Times", "koreatimes.co.kr", "Korea Times"),
    _news("Global Times", "globaltimes.cn"),
    _news("The Straits Times", "straitstimes.com", "Straits Times"),
    _news("CNA", "channelnewsasia.com", "Channel NewsAsia"),
    _news("Voice of America", "voanews.com", "VOA", "Голос Америки"),
    _news("Janes", "janes.com", "Jane's"),
    _news("Defense News", "defensenews.com"),
    _news("Naval News", "navalnews.com"),
    _news("USNI News", "news.usni.org usni.org"),
    _news("The Kyiv Independent", "kyivindependent.com", "Kyiv Independent"),
    _news("East Asia Forum", "eastasiaforum.org"),
    _news("MENAFN", "menafn.com"),
    # --- Republishers: the page's publisher; the story's outlet is its credit ---
    _republisher("Yahoo!ニュース", "news.yahoo.co.jp", "Yahoo! News Japan", "Yahoo! JAPAN"),
    _republisher("Yahoo News", "news.yahoo.com yahoo.com", "Yahoo"),
    _republisher("ライブドアニュース", "news.livedoor.com", "livedoor NEWS"),
    _republisher("gooニュース", "news.goo.ne.jp", "goo news"),
    _republisher("@niftyニュース", "news.nifty.com", "nifty news"),
    _republisher("エキサイトニュース", "excite.co.jp", "Excite News"),
    _republisher("SmartNews", "smartnews.com"),
    _republisher("nordot", "nordot.app"),
    _republisher("MSN", "msn.com"),
    _republisher("Ground News", "ground.news"),
    _republisher("Дзен", "dzen.ru", "Dzen", "Яндекс Дзен"),
    _republisher("Новости Mail", "news.mail.ru", "Mail.ru News"),
    _republisher("Рамблер", "news.rambler.ru rambler.ru", "Rambler"),
    _republisher("Google News", "news.google.com"),
    # --- Japan's official bodies ---
    _official(
        "Ministry of Foreign Affairs of Japan",
        "mofa.go.jp",
        "外務省",
        "MOFA",
        "МИД Японии",
        "Министерство иностранных дел Японии",
    ),
    _official(
        "Prime Minister's Office of Japan",
        "kantei.go.jp",
        "首相官邸",
        "Kantei",
        "Канцелярия премьер-министра Японии",
    ),
    _official(
        "Ministry of Defense of Japan",
        "mod.go.jp",
        "防衛省",
        "Japan Ministry of Defense",
        "Минобороны Японии",
        "Министерство обороны Японии",
    ),
    _official("Cabinet Secretariat of Japan", "cas.go.jp", "内閣官房"),
    _official("Cabinet Office of Japan", "cao.go.jp", "内閣府"),
    _official(
        "Ministry of Economy, Trade and Industry",
        "meti.go.jp",
        "経済産業省",
        "METI",
        "Минэкономики Японии",
    ),
    _official("Ministry of Finance of Japan", "mof.go.jp", "財務省", "Минфин Японии"),
    _official("Ministry of Justice of Japan", "moj.go.jp", "法務省"),
    _official("Japan Coast Guard", "kaiho.mlit.go.jp", "海上保安庁", "Береговая охрана Японии"),
    _official(
        "Ministry of Land, Infrastructure, Transport and Tourism", "mlit.go.jp", "国土交通省"
    ),
    _official("Fisheries Agency", "jfa.maff.go.jp", "水産庁"),
    _official("Ministry of Agriculture, Forestry and Fisheries", "maff.go.jp", "農林水産省"),
    _official("National Police Agency", "npa.go.jp", "警察庁"),
    _official("Ministry of Economy, Trade and Industry", "enecho.meti.go.jp"),
    _official(
        "House of Representatives of Japan",
        "shugiin.go.jp",
        "衆議院",
        "Палата представителей Японии",
    ),
    _official(
        "House of Councillors of Japan", "sangiin.go.jp", "参議院", "Палата советников Японии"
    ),
    _official("Hokkaido Government", "pref.hokkaido.lg.jp", "北海道庁", "北海道"),
    _official("Nemuro City", "city.nemuro.hokkaido.jp", "根室市"),
    _official(
        "Embassy of Japan in Russia",
        "ru.emb-japan.go.jp",
        "在ロシア日本国大使館",
        "Посольство Японии в России",
        "Посольство Японии в Российской Федерации",
    ),
    # --- Russia's official bodies ---
    _official(
        "President of Russia",
        "kremlin.ru",
        "Президент России",
        "Kremlin",
        "Кремль",
        "ロシア大統領府",
        "クレムリン",
    ),
    _official(
        "Правительство России",
        "government.ru",
        "Government of Russia",
        "Правительство Российской Федерации",
        "ロシア政府",
    ),
    _official(
        "The Ministry of Foreign Affairs of the Russian Federation",
        "mid.ru",
        "МИД России",
        "Министерство иностранных дел Российской Федерации",
        "Russian Foreign Ministry",
        "МИД РФ",
        "ロシア外務省",
    ),
    _official(
        "Посольство России в Японии",
        "tokyo.mid.ru jp.mid.ru japan.mid.ru russia-emb.jp",
        "Посольство Российской Федерации в Японии",
        "Embassy of the Russian Federation in Japan",
        "Russian Embassy in Japan",
        "在日ロシア大使館",
        "駐日ロシア大使館",
    ),
    _official(
        "Генеральное консульство России в Саппоро",
        "sapporo.mid.ru",
        "Consulate General of Russia in Sapporo",
        "在札幌ロシア総領事館",
    ),
    _official(
        "Генеральное консульство России в Осаке",
        "osaka.mid.ru",
        "Consulate General of Russia in Osaka",
        "在大阪ロシア総領事館",
    ),
    _official(
        "Генеральное консульство России в Ниигате",
        "niigata.mid.ru",
        "Consulate General of Russia in Niigata",
        "在新潟ロシア総領事館",
    ),
    _official(
        "Министерство обороны Российской Федерации",
        "mil.ru",
        "Минобороны России",
        "Министерство обороны России",
        "Ministry of Defence of the Russian Federation",
        "Russian Ministry of Defence",
        "ロシア国防省",
    ),
    _official(
        "Совет Федерации",
        "council.gov.ru",
        "Совет Федерации Федерального Собрания Российской Федерации",
        "Federation Council",
        "Совфед",
        "ロシア上院",
    ),
    _official(
        "Государственная Дума",
        "duma.gov.ru",
        "Государственная Дума Федерального Собрания Российской Федерации",
        "State Duma",
        "Госдума",
        "ロシア下院",
    ),
    _official(
        "Совет Безопасности Российской Федерации",
        "scrf.gov.ru",
        "Security Council of Russia",
        "Совбез",
    ),
    _official("МЧС России", "mchs.gov.ru", "EMERCOM of Russia"),
    _official("ФСБ России", "fsb.ru", "Federal Security Service", "FSB", "ФСБ"),
    _official("Пограничная служба ФСБ России", "ps.fsb.ru", "Border Service of the FSB"),
    _official("МВД России", "mvd.ru мвд.рф", "Ministry of Internal Affairs of Russia"),
    _official("Минфин России", "minfin.gov.ru", "Ministry of Finance of Russia"),
    _official(
        "Минэкономразвития России", "economy.gov.ru", "Ministry of Economic Development of Russia"
    ),
    _official("Росрыболовство", "fish.gov.ru", "Federal Agency for Fishery"),
    _official("ФТС России", "customs.gov.ru", "Federal Customs Service"),
    _official("Правительство Сахалинской области", "sakhalin.gov.ru", "Sakhalin Oblast Government"),
    _official(
        "Официальный интернет-портал правовой информации",
        "pravo.gov.ru",
        "Legal information portal",
    ),
    # --- Other governments and international bodies ---
    _official("U.S. Department of State", "state.gov", "Госдепартамент США", "米国務省"),
    _official("The White House", "whitehouse.gov", "Белый дом", "ホワイトハウス"),
    _official("U.S. Department of Defense", "defense.gov", "Пентагон"),
    _official("Ministry of Foreign Affairs of Ukraine", "mfa.gov.ua", "МИД Украины"),
    _official("President of Ukraine", "president.gov.ua", "Президент Украины"),
    _official("United Nations", "un.org", "ООН", "国連"),
    _official("NATO", "nato.int", "НАТО", "北大西洋条約機構"),
    _official("European Council", "consilium.europa.eu", "Совет ЕС"),
    _official("European Commission", "ec.europa.eu", "Еврокомиссия"),
    _official("GOV.UK", "gov.uk", "UK Government"),
)


# Most specific host first: "tokyo.mid.ru" before "mid.ru", "asia.nikkei.com" before
# "nikkei.com". A host with a path ("asahi.com/ajw") is matched on its host part.
_BY_HOST: tuple[tuple[str, Outlet], ...] = tuple(
    sorted(
        (
            (host.split("/")[0], outlet)
            for outlet in OUTLETS
            for host in outlet.hosts
            if "/" not in host
        ),
        key=lambda pair: (-pair[0].count("."), -len(pair[0])),
    )
)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def outlet_for_url(url: str) -> Outlet | None:
    """The outlet whose site ``url`` is on, by its host or any parent domain of it."""
    host = _host(url)
    if not host:
        return None
    for domain, outlet in _BY_HOST:
        if host == domain or host.endswith("." + domain):
            return outlet
    return None


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("«", "").replace("»", "").split())


_BY_NAME: dict[str, Outlet] = {}
for _outlet in OUTLETS:
    for _name in _outlet.all_names:
        _BY_NAME.setdefault(_fold(_name), _outlet)


def outlet_named(name: str) -> Outlet | None:
    """The outlet called ``name`` in any of its languages."""
    return _BY_NAME.get(_fold(name)) if name else None


def _distinctive(name: str) -> bool:
    """A name no heading line of an article could be by chance: several words, or a word
    with more than letters in it ("Lenta.ru", "47NEWS"), or Japanese ("産経ニュース"). One
    word ("Kremlin", "Вести", "Time", "Звезда") may be a rubric or a headline's first word."""
    if any("\u3040" <= ch <= "\u9fff" for ch in name):
        return len(name) >= 3
    return len(name) >= 4 and (" " in name or not name.isalpha())


def header_names() -> list[str]:
    """Names an outlet prints on a header or footer line of its own pages, longest first."""
    names = {name for outlet in OUTLETS for name in outlet.all_names if _distinctive(name)}
    return sorted(names, key=len, reverse=True)
