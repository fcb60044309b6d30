"""The tables the synthetic generator draws from (see loadtest/synthetic/generator.py).

Names are built from pieces that carry their Latin, Cyrillic and Japanese forms together,
so that a generated person is spelled consistently in all three scripts.
"""

# ruff: noqa: E501 - tables read better one row per line
# fmt: off
import datetime as dt

# --- Names -------------------------------------------------------------------------------------
# (Latin, Cyrillic, Japanese script). Russian surnames are start + optional middle + ending,
# each piece carrying its own katakana, so Sokolov / Соколов / ソコロフ stay consistent.

RU_GIVEN_MALE = [
    ("Sergei", "Сергей", "セルゲイ"), ("Dmitry", "Дмитрий", "ドミトリー"), ("Alexei", "Алексей", "アレクセイ"),
    ("Andrei", "Андрей", "アンドレイ"), ("Mikhail", "Михаил", "ミハイル"), ("Nikolai", "Николай", "ニコライ"),
    ("Ivan", "Иван", "イワン"), ("Pavel", "Павел", "パーヴェル"), ("Oleg", "Олег", "オレグ"),
    ("Igor", "Игорь", "イーゴリ"), ("Vladimir", "Владимир", "ウラジーミル"), ("Yuri", "Юрий", "ユーリー"),
    ("Viktor", "Виктор", "ヴィクトル"), ("Boris", "Борис", "ボリス"), ("Anatoly", "Анатолий", "アナトリー"),
    ("Konstantin", "Константин", "コンスタンチン"), ("Maxim", "Максим", "マキシム"), ("Roman", "Роман", "ロマン"),
    ("Denis", "Денис", "デニス"), ("Grigory", "Григорий", "グリゴリー"), ("Evgeny", "Евгений", "エフゲニー"),
]
RU_GIVEN_FEMALE = [
    ("Maria", "Мария", "マリア"), ("Anna", "Анна", "アンナ"), ("Elena", "Елена", "エレーナ"),
    ("Olga", "Ольга", "オリガ"), ("Tatiana", "Татьяна", "タチアナ"), ("Natalia", "Наталья", "ナタリア"),
    ("Irina", "Ирина", "イリーナ"), ("Svetlana", "Светлана", "スヴェトラーナ"), ("Yulia", "Юлия", "ユリア"),
    ("Ekaterina", "Екатерина", "エカテリーナ"), ("Valentina", "Валентина", "ワレンチナ"),
    ("Daria", "Дарья", "ダリア"),
]
RU_START = [
    ("So", "Со", "ソ"), ("Vo", "Во", "ヴォ"), ("Ba", "Ба", "バ"), ("Mo", "Мо", "モ"), ("Ko", "Ко", "コ"),
    ("Gro", "Гро", "グロ"), ("Be", "Бе", "ベ"), ("Za", "За", "ザ"), ("Po", "По", "ポ"),
    ("Ku", "Ку", "ク"), ("La", "Ла", "ラ"), ("Ma", "Ма", "マ"), ("Ne", "Не", "ネ"), ("Ro", "Ро", "ロ"),
    ("Se", "Се", "セ"), ("Fe", "Фе", "フェ"), ("Dro", "Дро", "ドロ"), ("Kra", "Кра", "クラ"),
    ("Ste", "Сте", "ステ"), ("Gu", "Гу", "グ"), ("Lu", "Лу", "ル"), ("Shu", "Шу", "シュ"),
    ("Zhu", "Жу", "ジュ"), ("Che", "Че", "チェ"), ("Ya", "Я", "ヤ"), ("Te", "Те", "テ"),
]
RU_MIDDLE = [
    ("", "", ""), ("ko", "ко", "コ"), ("ro", "ро", "ロ"), ("lo", "ло", "ロ"), ("ma", "ма", "マ"),
    ("ra", "ра", "ラ"), ("da", "да", "ダ"), ("ri", "ри", "リ"), ("ni", "ни", "ニ"), ("li", "ли", "リ"),
    ("ba", "ба", "バ"), ("sha", "ша", "シャ"), ("to", "то", "ト"), ("go", "го", "ゴ"), ("ze", "зе", "ゼ"),
    ("vi", "ви", "ヴィ"),
]
# (masculine, feminine)
RU_ENDING = [
    (("lov", "лов", "ロフ"), ("lova", "лова", "ロワ")), (("nov", "нов", "ノフ"), ("nova", "нова", "ノワ")),
    (("rov", "ров", "ロフ"), ("rova", "рова", "ロワ")), (("kov", "ков", "コフ"), ("kova", "кова", "コワ")),
    (("tov", "тов", "トフ"), ("tova", "това", "トワ")), (("dov", "дов", "ドフ"), ("dova", "дова", "ドワ")),
    (("shin", "шин", "シン"), ("shina", "шина", "シナ")),
    (("kin", "кин", "キン"), ("kina", "кина", "キナ")), (("rin", "рин", "リン"), ("rina", "рина", "リナ")),
    (("lin", "лин", "リン"), ("lina", "лина", "リナ")), (("nev", "нев", "ネフ"), ("neva", "нева", "ネワ")),
    (("vsky", "вский", "フスキー"), ("vskaya", "вская", "フスカヤ")),
    (("nsky", "нский", "ンスキー"), ("nskaya", "нская", "ンスカヤ")),
    (("chenko", "ченко", "チェンコ"), ("chenko", "ченко", "チェンコ")),
]
# Japanese: family name = first element + second element (Latin, kanji, Cyrillic after
# Polivanov), given names from a table.
JA_FAMILY_FIRST = [
    ("Yama", "山", "Яма"), ("Naka", "中", "Нака"), ("Ishi", "石", "Иси"), ("Mori", "森", "Мори"),
    ("Kawa", "川", "Кава"), ("Ko", "小", "Ко"), ("Matsu", "松", "Мацу"), ("Fuji", "藤", "Фудзи"),
    ("Taka", "高", "Така"), ("Kita", "北", "Кита"), ("Nishi", "西", "Ниси"),
    ("Higashi", "東", "Хигаси"), ("Ike", "池", "Икэ"), ("Hira", "平", "Хира"), ("Kuro", "黒", "Куро"),
    ("Shira", "白", "Сира"), ("Aki", "秋", "Аки"), ("Mizu", "水", "Мидзу"), ("Miya", "宮", "Мия"),
    ("Oka", "岡", "Ока"), ("Sugi", "杉", "Суги"), ("Hoshi", "星", "Хоси"), ("Kane", "金", "Канэ"),
    ("Sakura", "桜", "Сакура"),
]
JA_FAMILY_SECOND = [
    ("moto", "本", "мото"), ("mura", "村", "мура"), ("da", "田", "да"), ("no", "野", "но"),
    ("kawa", "川", "кава"), ("shima", "島", "сима"), ("hara", "原", "хара"), ("saki", "崎", "саки"),
    ("uchi", "内", "ути"), ("zawa", "沢", "дзава"), ("oka", "岡", "ока"), ("hashi", "橋", "хаси"),
    ("mori", "森", "мори"), ("saka", "坂", "сака"), ("ki", "木", "ки"), ("yama", "山", "яма"),
    ("ta", "田", "та"), ("gawa", "川", "гава"),
]
JA_GIVEN_MALE = [
    ("Kenta", "健太", "Кэнта"), ("Hiroshi", "博", "Хироси"), ("Takeshi", "武", "Такэси"),
    ("Daisuke", "大輔", "Дайсукэ"), ("Shinji", "慎二", "Синдзи"), ("Yoshihiko", "佳彦", "Ёсихико"),
    ("Kazuo", "和夫", "Кадзуо"), ("Masahiro", "正弘", "Масахиро"), ("Tetsuya", "哲也", "Тэцуя"),
    ("Ryota", "亮太", "Рёта"), ("Akira", "明", "Акира"), ("Makoto", "誠", "Макото"),
    ("Naoki", "直樹", "Наоки"), ("Toshio", "敏夫", "Тосио"), ("Koji", "浩二", "Кодзи"),
    ("Satoshi", "聡", "Сатоси"), ("Yoshimasa", "芳正", "Ёсимаса"), ("Hideo", "英夫", "Хидэо"),
]
JA_GIVEN_FEMALE = [
    ("Yoko", "洋子", "Ёко"), ("Keiko", "恵子", "Кэйко"), ("Yuko", "裕子", "Юко"),
    ("Naomi", "直美", "Наоми"), ("Akiko", "明子", "Акико"), ("Mariko", "真理子", "Марико"),
    ("Haruka", "遥", "Харука"), ("Sachiko", "幸子", "Сатико"), ("Emi", "恵美", "Эми"),
    ("Tomoko", "智子", "Томоко"),
]

RU_TITLES = [
    "Spokeswoman, Russian Foreign Ministry", "Spokesman, Russian Foreign Ministry",
    "Deputy Foreign Minister of Russia", "Russian Ambassador to Japan",
    "Governor of Sakhalin Oblast", "Russian Defence Minister", "Kremlin Press Secretary",
    "Member of the State Duma", "Consul General of Russia in Sapporo",
    "Deputy Chairman of the Security Council", "Commander of the Pacific Fleet",
    "Head of the Federal Fisheries Agency",
]
JA_TITLES = [
    "Chief Cabinet Secretary", "Foreign Minister of Japan", "Defense Minister of Japan",
    "Japanese Ambassador to Russia", "Governor of Hokkaido", "Press Secretary, Foreign Ministry",
    "Director-General, European Affairs Bureau", "Prime Minister of Japan", "Mayor of Nemuro",
    "Chief of Staff, Joint Staff", "Member of the House of Councillors",
    "Minister of Economy, Trade and Industry",
]

STATES = [
    ("russia", "Russia", "Россия", "ロシア", 0), ("japan", "Japan", "Япония", "日本", 0),
    ("usa", "United States", "США", "アメリカ合衆国", 5), ("china", "China", "Китай", "中国", 4),
    ("ukraine", "Ukraine", "Украина", "ウクライナ", 5),
    ("south-korea", "South Korea", "Южная Корея", "韓国", 2),
    ("north-korea", "North Korea", "КНДР", "北朝鮮", 2),
    ("mongolia", "Mongolia", "Монголия", "モンゴル", 1),
]
# side ("ru"/"ja"), English, Russian, Japanese
ORGANISATIONS = [
    ("ru", "Russian Foreign Ministry", "МИД России", "ロシア外務省"),
    ("ru", "Russian Defence Ministry", "Минобороны России", "ロシア国防省"),
    ("ru", "Russian Border Service", "Пограничная служба ФСБ", "ロシア国境警備局"),
    ("ru", "Russian Federal Fisheries Agency", "Росрыболовство", "ロシア連邦漁業庁"),
    ("ru", "Russian Pacific Fleet", "Тихоокеанский флот", "ロシア太平洋艦隊"),
    ("ru", "Russian Aerospace Forces", "ВКС России", "ロシア航空宇宙軍"),
    ("ru", "Russian Embassy in Tokyo", "Посольство России в Японии", "駐日ロシア大使館"),
    ("ru", "Russian Consulate General in Sapporo", "Генконсульство России в Саппоро", "在札幌ロシア総領事館"),
    ("ru", "Russian Security Council", "Совет безопасности России", "ロシア安全保障会議"),
    ("ru", "Russian Ministry of Economic Development", "Минэкономразвития России", "ロシア経済発展省"),
    ("ru", "Sakhalin Oblast Government", "Правительство Сахалинской области", "サハリン州政府"),
    ("ru", "Russian State Duma", "Государственная дума", "ロシア国家院"),
    ("ru", "Russian Ministry of Energy", "Минэнерго России", "ロシアエネルギー省"),
    ("ru", "Kremlin Press Service", "Пресс-служба Кремля", "クレムリン報道局"),
    ("ja", "Japanese Foreign Ministry", "МИД Японии", "外務省"),
    ("ja", "Japanese Defense Ministry", "Минобороны Японии", "防衛省"),
    ("ja", "Japan Coast Guard", "Береговая охрана Японии", "海上保安庁"),
    ("ja", "Japanese Fisheries Agency", "Агентство рыболовства Японии", "水産庁"),
    ("ja", "Japan Air Self-Defense Force", "Воздушные силы самообороны Японии", "航空自衛隊"),
    ("ja", "Japan Maritime Self-Defense Force", "Морские силы самообороны Японии", "海上自衛隊"),
    ("ja", "Japanese Embassy in Moscow", "Посольство Японии в России", "在ロシア日本国大使館"),
    ("ja", "Japanese Consulate General in Yuzhno-Sakhalinsk", "Генконсульство Японии в Южно-Сахалинске", "在ユジノサハリンスク日本国総領事館"),
    ("ja", "Cabinet Office of Japan", "Кабинет министров Японии", "内閣府"),
    ("ja", "Ministry of Economy, Trade and Industry", "Министерство экономики, торговли и промышленности Японии", "経済産業省"),
    ("ja", "Hokkaido Prefectural Government", "Правительство Хоккайдо", "北海道庁"),
    ("ja", "National Diet of Japan", "Парламент Японии", "国会"),
    ("ja", "Japanese Ministry of Finance", "Министерство финансов Японии", "財務省"),
    ("ja", "Nemuro City Office", "Администрация Нэмуро", "根室市役所"),
]
# Fictitious outlets: Russian adjective + noun, Japanese region + paper, and wires.
RU_MEDIA_ADJ = [
    ("Dalnevostochny", "Дальневосточный"), ("Sakhalinsky", "Сахалинский"),
    ("Primorsky", "Приморский"), ("Severny", "Северный"), ("Tikhookeansky", "Тихоокеанский"),
]
RU_MEDIA_NOUN = [
    ("Vestnik", "вестник"), ("Kurier", "курьер"), ("Telegraf", "телеграф"),
    ("Obozrevatel", "обозреватель"),
]
JA_MEDIA_REGION = [
    ("Kita-Nihon", "北日本"), ("Hokkai", "北海"), ("Tōhō", "東方"), ("Kaikyō", "海峡"), ("Chishima", "千島"),
]
JA_MEDIA_NOUN = [
    ("Shimpō", "新報"), ("Nippō", "日報"), ("Times", "タイムズ"), ("Shimbun", "新聞"),
]
WIRES = [
    "Pacific Wire Service", "North Asia Press Agency", "Eurasia Newswire", "Okhotsk Monitor",
    "Far East Policy Review", "Strait Observer",
]

# --- What happens --------------------------------------------------------------------------

# Topics: (phrase, tag keys). The last ones are rare on purpose (a "rare word" to search for).
TOPICS = [
    ("fishing rights near the Kuril Islands", ["fisheries", "kuril-islands"]),
    ("military drills on Iturup", ["military-drills", "kuril-islands"]),
    ("sanctions over the war in Ukraine", ["sanctions", "ukraine-war"]),
    ("bomber flights near Hokkaido", ["airspace", "hokkaido"]),
    ("a detained fishing crew", ["detained-nationals", "fisheries"]),
    ("gas supplies from Sakhalin", ["energy", "lng", "sakhalin"]),
    ("visa-free visits to the islands", ["visa-policy", "kuril-islands"]),
    ("stalled peace treaty talks", ["peace-treaty"]),
    ("patrol boats in the Nemuro Strait", ["coast-guard", "straits"]),
    ("missile deployments on the islands", ["missiles", "kuril-islands"]),
    ("naval exercises in the Sea of Japan", ["navy", "sea-of-japan", "military-drills"]),
    ("export controls on dual-use goods", ["export-controls", "trade"]),
    ("frozen central bank assets", ["financial-sanctions", "sanctions"]),
    ("the expulsion of diplomats", ["diplomats", "espionage"]),
    ("joint economic activity on the islands", ["trade", "kuril-islands"]),
    ("warship transits through the Soya Strait", ["navy", "straits"]),
    ("an alleged espionage case", ["espionage"]),
    ("treated water released from Fukushima", ["nuclear", "sea-of-okhotsk"]),
    ("Arctic LNG investment", ["lng", "arctic", "energy"]),
    ("cyber attacks on ministries", ["cyber"]),
    ("disinformation about the war", ["propaganda", "ukraine-war"]),
    ("salmon quotas in the Sea of Okhotsk", ["fisheries", "sea-of-okhotsk"]),
    ("humanitarian aid to Ukraine", ["humanitarian", "ukraine-war"]),
    ("cultural exchange programmes", ["cultural-exchange"]),
    ("the Northern Sea Route", ["northern-sea-route", "arctic"]),
    ("elections on the islands", ["elections", "kuril-islands"]),
]
RARE_TOPICS = [
    ("a kelp harvesting dispute off Kaigara Island", ["fisheries"]),
    ("a stranded walrus on a Hokkaido beach", ["humanitarian", "hokkaido"]),
    ("a seismograph exchange in the volcanic arc", ["cultural-exchange"]),
    ("an abandoned lighthouse on Tanfilyev Island", ["kuril-islands"]),
]
RARE_SHARE = 0.003
TAGS = {
    "kuril-islands": "Kuril Islands",
    "fisheries": "Fisheries",
    "military-drills": "Military drills",
    "sanctions": "Sanctions",
    "ukraine-war": "War in Ukraine",
    "airspace": "Airspace",
    "hokkaido": "Hokkaido",
    "detained-nationals": "Detained nationals",
    "energy": "Energy",
    "lng": "LNG",
    "sakhalin": "Sakhalin",
    "visa-policy": "Visa policy",
    "peace-treaty": "Peace treaty",
    "coast-guard": "Coast guard",
    "straits": "Straits",
    "missiles": "Missiles",
    "navy": "Navy",
    "sea-of-japan": "Sea of Japan",
    "export-controls": "Export controls",
    "trade": "Trade",
    "financial-sanctions": "Financial sanctions",
    "diplomats": "Diplomats",
    "espionage": "Espionage",
    "nuclear": "Nuclear",
    "sea-of-okhotsk": "Sea of Okhotsk",
    "arctic": "Arctic",
    "cyber": "Cyber",
    "propaganda": "Propaganda",
    "humanitarian": "Humanitarian",
    "cultural-exchange": "Cultural exchange",
    "northern-sea-route": "Northern Sea Route",
    "elections": "Elections",
}

# Event type → (weight, headline verb in the present, verb in the past)
TYPE_PHRASES = {
    "summons": (14, "summons the envoy of {target} over", "summoned the envoy of {target} over"),
    "diplomatic_protest": (
        16,
        "protests to {target} over",
        "lodged a formal protest with {target} over",
    ),
    "threat_warning": (10, "warns {target} over", "warned {target} of consequences over"),
    "sanction": (8, "imposes sanctions on {target} over", "imposed sanctions on {target} over"),
    "entry_ban": (
        4,
        "bars officials of {target} over",
        "barred officials of {target} from entry over",
    ),
    "expulsion": (3, "expels diplomats of {target} over", "expelled diplomats of {target} over"),
    "military_aid": (
        3,
        "pledges military aid to {target} amid",
        "pledged military aid to {target} amid",
    ),
    "military_activity": (
        12,
        "stages manoeuvres near {target} amid",
        "staged manoeuvres near {target} amid",
    ),
    "airspace_violation": (
        7,
        "flies aircraft near {target} amid",
        "flew aircraft close to {target} amid",
    ),
    "detention": (4, "detains nationals of {target} over", "detained nationals of {target} over"),
    "agreement_cooperation": (
        7,
        "agrees with {target} on",
        "reached an agreement with {target} on",
    ),
    "economic_measure": (
        6,
        "changes trade terms with {target} over",
        "changed trade terms with {target} over",
    ),
    "statement": (9, "issues a statement on {target} and", "issued a statement on {target} and"),
    "other": (2, "acts towards {target} on", "took steps towards {target} on"),
}
DETAILS = [
    "Officials said the move followed weeks of rising tension in the region.",
    "The ministry called the step a necessary response and ruled out concessions.",
    "Diplomats on both sides described the talks as difficult but frank.",
    "Local fishermen in Nemuro said the dispute was already affecting their catch.",
    "The decision was announced at a regular press briefing in the capital.",
    "Analysts noted that the measure mirrored an earlier step by the other side.",
    "Coast guard vessels were reported in the area for several days.",
    "The announcement came shortly before a scheduled round of consultations.",
    "Government sources said further measures were under consideration.",
    "The embassy said it had received no prior notice of the decision.",
]
REACTIONS = [
    "The other side rejected the accusations as groundless.",
    "A spokesperson promised a proportionate response.",
    "The foreign ministry expressed deep regret and demanded an explanation.",
    "Neither side commented on the timing of the announcement.",
    "Opposition lawmakers criticised the government for reacting too slowly.",
    "The ambassador said the channel for dialogue remained open.",
]
QUOTES = [
    "We regard {topic} as unacceptable and demand that this practice stop immediately.",
    "Our position on {topic} has not changed and will not change.",
    "Such actions concerning {topic} can only damage relations between our countries.",
    "We reserve the right to take retaliatory measures in connection with {topic}.",
    "The ministry has conveyed a strong protest regarding {topic} through diplomatic channels.",
    "We are ready for dialogue on {topic}, but not under pressure.",
    "This decision on {topic} is entirely the responsibility of the other side.",
    "We will closely monitor the situation around {topic} and respond as necessary.",
]
PARAPHRASES = [
    "{speaker} said the government would respond firmly to {topic}.",
    "{speaker} told reporters that {topic} violated earlier agreements.",
    "{speaker} described {topic} as a provocation and called for restraint.",
    "{speaker} said talks on {topic} would continue at working level.",
]
ORIGINAL_RU = [
    "Мы считаем это недопустимым и требуем немедленно прекратить подобную практику.",
    "Наша позиция по этому вопросу не изменилась и не изменится.",
    "Мы оставляем за собой право на ответные меры.",
    "Подобные действия наносят ущерб двусторонним отношениям.",
]
ORIGINAL_JA = [
    "このような行為は到底受け入れられず、直ちに中止を求める。", "我が国の立場は一貫しており、変わることはない。", "外交ルートを通じて厳重に抗議した。",
    "対話の扉は開かれているが、圧力の下での交渉には応じない。",
]
# Crises around which events cluster: (centre, spread in days, share of all events).
BURSTS = [
    (dt.date(1991, 4, 18), 20, 0.008),  # first Soviet leader's visit to Tokyo
    (dt.date(1993, 10, 11), 20, 0.008),  # Tokyo Declaration
    (dt.date(2006, 8, 16), 15, 0.01),  # fishing boat fired on near Kaigara
    (dt.date(2010, 11, 1), 30, 0.02),  # first Kremlin visit to Kunashir
    (dt.date(2014, 3, 18), 60, 0.04),  # Crimea and the first sanctions
    (dt.date(2016, 12, 15), 20, 0.01),  # Nagato summit
    (dt.date(2022, 2, 24), 90, 0.07),  # full-scale invasion of Ukraine
    (dt.date(2022, 3, 21), 30, 0.02),  # peace treaty talks suspended
    (dt.date(2023, 6, 1), 45, 0.01),
]
# fmt: on
