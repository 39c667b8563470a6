"""Demo data: the organisations named in the five source documents (docs/domain.md, «The source documents»).

Literal data only. Conventions:

* Names are as in the seeds, with spacing and quotes normalised («», "№ 22").
* ``invented=True`` marks a school or a tie the seeds do not name, made up so that every
  municipality has a realistic handful. The real school with the same number, if one exists,
  is NOT described by these records.
* ``source`` gives the seed number and a short quote locating the fact; for reconstructed
  full names it says so.
* In ``TIES`` every party is a school ``code`` or an organisation ``short_name`` of the same
  municipality; in a ``mentor_pair`` / ``internship_site`` the supporting (high-results) school
  comes first. ``TIES`` and ``ORGANISATIONS`` carry one key beyond the brief each:
  ``invented`` (ties) and ``regional`` (organisations of regional or federal level that the
  seed names in a municipal context; the model's ``Organisation.municipality`` may be left
  empty for them).
"""

from __future__ import annotations

REGIONS = [
    {"code": "50", "name": "Московская область"},
    {"code": "66", "name": "Свердловская область"},
    {"code": "75", "name": "Забайкальский край"},
    {"code": "05", "name": "Республика Дагестан"},
]

MUNICIPALITIES = [
    {
        "code": "korolev",
        "region": "50",
        "name": "городской округ Королёв",
        "authority": "Комитет образования Администрации городского округа Королёв Московской области",
        "authority_short": "Комитет образования",
        "seed": "000",
    },
    {
        "code": "sysert",
        "region": "66",
        "name": "Сысертский городской округ",
        "authority": "Управление образования Администрации Сысертского городского округа",
        "authority_short": "Управление образования",
        "seed": "001",
    },
    {
        "code": "dubna",
        "region": "50",
        "name": "городской округ Дубна",
        "authority": "Городское управление народного образования Администрации г. Дубны",
        # The roadmap never abbreviates it; this is the name without "Администрации г. Дубны".
        "authority_short": "Городское управление народного образования",
        "seed": "002",
    },
    {
        "code": "tungiro",
        "region": "75",
        "name": "муниципальный район «Тунгиро-Олёкминский район»",
        # Spelled "Олекминский" in the order's header, "Олёкминский" elsewhere in the same seed.
        "authority": "Отдел образования администрации муниципального района «Тунгиро-Олекминский район»",
        # The measures table says "Отдел образования"; the header's own short form is
        # "Тунгиро-Олекминский отдел образования".
        "authority_short": "Отдел образования",
        "seed": "003",
    },
    {
        "code": "dagogni",
        "region": "05",
        "name": "городской округ «город Дагестанские Огни»",
        # The approval block calls the same body МКУ «Управление образования» городского округа
        # «город Дагестанские Огни»; the measures table uses the form below (and "УО").
        "authority": "Управление образования администрации городского округа «город Дагестанские Огни»",
        "authority_short": "Управление образования",
        "seed": "004",
    },
]

SCHOOLS = [
    # ---- 000 Королёв: one school in unfavourable conditions and its two partner schools ----
    {
        "code": "KOR-022",
        "municipality": "korolev",
        "name": "Муниципальное бюджетное общеобразовательное учреждение городского округа Королёв "
        "Московской области «Средняя общеобразовательная школа № 22»",
        "short_name": "МБОУ СОШ № 22",
        "type": "СОШ",
        "settlement": "Королёв, мкр. Текстильщик",
        "locality": "urban",
        "small_class": False,
        # The seed calls Текстильщик one of the city's "удаленных микрорайонов".
        "remote": True,
        "role_in_seed": "target school (unfavourable social conditions); 419 students, 72 (17.18%) of 18 nationalities",
        "source": "000: «Основные исполнители … Муниципальное бюджетное общеобразовательное "
        "учреждение городского округа Королёв Московской области «Средняя общеобразовательная "
        "школа № 22» (МБОУ СОШ №22)»; «микрорайон Текстильщик, в котором расположена МБОУ СОШ "
        "№ 22»",
        "invented": False,
    },
    {
        "code": "KOR-G05",
        "municipality": "korolev",
        "name": "Муниципальное бюджетное общеобразовательное учреждение городского округа Королёв "
        "Московской области «Гимназия № 5»",
        "short_name": "МБОУ «Гимназия № 5»",
        "type": "гимназия",
        "settlement": "Королёв",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "partner school (high quality of education, measures 4.1, 4.4)",
        "source": "000: «Основные образовательные организации – партнеры: МБОУ «Гимназия №5»» "
        "(full name reconstructed on the pattern of МБОУ СОШ № 22)",
        "invented": False,
    },
    {
        "code": "KOR-SI",
        "municipality": "korolev",
        "name": "Муниципальное бюджетное общеобразовательное учреждение городского округа Королёв "
        "Московской области «Школа искусств»",
        "short_name": "МБОУ «Школа искусств»",
        # A general-education school (МБОУ) with an arts profile; the seed does not state its level.
        "type": "СОШ",
        "settlement": "Королёв",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "partner school (high quality of education, measures 4.1, 4.4)",
        "source": "000: «Основные образовательные организации – партнеры: … МБОУ «Школа "
        "искусств»» (full name reconstructed on the pattern of МБОУ СОШ № 22; type СОШ "
        "assumed)",
        "invented": False,
    },
    # ---- 001 Сысерть: 21 schools in the district; two are named, the rest are invented ----
    {
        "code": "SYS-010",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 10» п. Большое Седельниково",
        "short_name": "МАОУ СОШ № 10",
        "type": "СОШ",
        "settlement": "Большое Седельниково",
        "locality": "rural",
        "small_class": False,
        "remote": False,
        "role_in_seed": "stably low results over three years (one of the 3 low-results schools identified in 2019)",
        "source": "001: «об устойчивости низких результатов в ряде ОУ (СОШ 10 п.Б.Седельниково, "
        "ООШ 30 п.Б.Исток)» (full name reconstructed; form of ownership МАОУ assumed)",
        "invented": False,
    },
    {
        "code": "SYS-030",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Основная "
        "общеобразовательная школа № 30» п. Большой Исток",
        "short_name": "МАОУ ООШ № 30",
        "type": "ООШ",
        "settlement": "Большой Исток",
        "locality": "rural",
        "small_class": False,
        "remote": False,
        "role_in_seed": "stably low results over three years (one of the 3 low-results schools identified in 2019)",
        "source": "001: «об устойчивости низких результатов в ряде ОУ (СОШ 10 п.Б.Седельниково, "
        "ООШ 30 п.Б.Исток)» (full name reconstructed; form of ownership МАОУ assumed)",
        "invented": False,
    },
    {
        "code": "SYS-016",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Основная "
        "общеобразовательная школа № 16» с. Фомино",
        "short_name": "МАОУ ООШ № 16",
        "type": "ООШ",
        "settlement": "Фомино",
        "locality": "rural",
        "small_class": True,
        "remote": True,
        "role_in_seed": "targeted accompaniment (ШАНС: low ИСБШ and low quality); the unnamed third low-results school",
        "source": "001 (invented): «По данным идентификации в 2019 году, таких школ в округе -3» "
        "— the seed names two; «более 40 процентов … сельские малокомплектные школы, в том "
        "числе расположенные в отдаленных труднодоступных территориях»",
        "invented": True,
    },
    {
        "code": "SYS-006",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 6» г. Сысерть",
        "short_name": "МАОУ СОШ № 6",
        "type": "СОШ",
        "settlement": "Сысерть",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "high-results school, mentor in a network pair; internship site",
        "source": "001 (invented): «На базе школ, демонстрирующих высокие результаты обучения, "
        "проводятся стажировки … посредством технологии «сетевые пары»»",
        "invented": True,
    },
    {
        "code": "SYS-005",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5» п. Большой Исток",
        "short_name": "МАОУ СОШ № 5",
        "type": "СОШ",
        "settlement": "Большой Исток",
        "locality": "rural",
        "small_class": False,
        "remote": False,
        "role_in_seed": "school with stable results («благополучная школа»), mentor in a network pair",
        "source": "001 (invented): «организацию партнерского взаимодействия школ с низкими "
        "результатами … со школами, демонстрирующими стабильные результаты обучения "
        "(«благополучные школы»)»",
        "invented": True,
    },
    {
        "code": "SYS-023",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 23» п. Двуреченск",
        "short_name": "МАОУ СОШ № 23",
        "type": "СОШ",
        "settlement": "Двуреченск",
        "locality": "rural",
        "small_class": False,
        "remote": False,
        "role_in_seed": "targeted support (ШАНС, resilient: low ИСБШ, quality group 6+); base rural school",
        "source": "001 (invented): «Резильентные … школы в сельских поселениях с относительно "
        "высокой численностью обучающихся (200 и более), расположенные недалеко от районных "
        "центров»",
        "invented": True,
    },
    {
        "code": "SYS-008",
        "municipality": "sysert",
        "name": "Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 8» с. Кашино",
        "short_name": "МАОУ СОШ № 8",
        "type": "СОШ",
        "settlement": "Кашино",
        "locality": "rural",
        "small_class": False,
        "remote": False,
        "role_in_seed": "pilot site (ШАНС, self-nominated participant of the regional measure)",
        "source": "001 (invented): «Школы - пилотные площадки … Школа самостоятельно, инициативно "
        "определяет необходимость адресной поддержки и сопровождения»",
        "invented": True,
    },
    # ---- 002 Дубна: the roadmap names no school; all invented ----
    {
        "code": "DUB-005",
        "municipality": "dubna",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5 г. Дубны Московской области»",
        "short_name": "МБОУ СОШ № 5",
        "type": "СОШ",
        "settlement": "Дубна",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "internship site (unfavourable social conditions, high achievement)",
        "source": "002 (invented): «Положение о муниципальных стажировочных площадках на базе "
        "школ, функционирующих в неблагоприятных социальных условиях и демонстрирующих "
        "высокие учебные достижения»",
        "invented": True,
    },
    {
        "code": "DUB-009",
        "municipality": "dubna",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 9 г. Дубны Московской области»",
        "short_name": "МБОУ СОШ № 9",
        "type": "СОШ",
        "settlement": "Дубна",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "internship site (unfavourable social conditions, high achievement)",
        "source": "002 (invented): «муниципальных мероприятий по сетевому взаимодействию школ – "
        "стажировочных площадок со школами – участницами программ поддержки»",
        "invented": True,
    },
    {
        "code": "DUB-G08",
        "municipality": "dubna",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 8 г. Дубны Московской области»",
        "short_name": "МБОУ «Гимназия № 8»",
        "type": "гимназия",
        "settlement": "Дубна",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "high-results school; its director acts as coach of a program school",
        "source": "002 (invented): «коучей из числа директоров школ с высокими образовательными результатами»",
        "invented": True,
    },
    {
        "code": "DUB-007",
        "municipality": "dubna",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 7 г. Дубны Московской области»",
        "short_name": "МБОУ СОШ № 7",
        "type": "СОШ",
        "settlement": "Дубна",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "program school (unfavourable social conditions, low results)",
        "source": "002 (invented): «выделить группу школ с самыми низкими результатами и "
        "неблагополучными социальными условиями работы»",
        "invented": True,
    },
    {
        "code": "DUB-010",
        "municipality": "dubna",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 10 г. Дубны Московской области»",
        "short_name": "МБОУ СОШ № 10",
        "type": "СОШ",
        "settlement": "Дубна",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "program school (unfavourable social conditions, low results)",
        "source": "002 (invented): «приказ об определении перечня школ, включенных в программу "
        "поддержки и перевода в эффективный режим работы»",
        "invented": True,
    },
    # ---- 003 Тунгиро-Олёкминский район: no school named ("МБОУ" in every row); all invented ----
    {
        "code": "TUN-TUP",
        "municipality": "tungiro",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Тупикская средняя общеобразовательная школа»",
        "short_name": "МБОУ Тупикская СОШ",
        "type": "СОШ",
        "settlement": "Тупик",
        "locality": "rural",
        "small_class": False,
        "remote": True,
        "role_in_seed": "school in the district centre; leading school in partnership projects (measure 3.3)",
        "source": "003 (invented): the order is dated «с. Тупик»; responsible in every measure: "
        "«Отдел образования МБОУ»; 3.3 «Поддержка проектов партнерства школ с низкими "
        "образовательными результатами с ведущими школами»",
        "invented": True,
    },
    {
        "code": "TUN-MOK",
        "municipality": "tungiro",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Моклаканская основная "
        "общеобразовательная школа»",
        "short_name": "МБОУ Моклаканская ООШ",
        "type": "ООШ",
        "settlement": "Моклакан",
        "locality": "rural",
        "small_class": True,
        "remote": True,
        "role_in_seed": "low-results school in a remote settlement",
        "source": "003 (invented): «Такие школы, как правило, располагаются в экономически слабо "
        "развитых территориях со слабым кадровым ресурсом»",
        "invented": True,
    },
    {
        "code": "TUN-GUL",
        "municipality": "tungiro",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Гулинская начальная "
        "общеобразовательная школа»",
        "short_name": "МБОУ Гулинская НОШ",
        "type": "НОШ",
        "settlement": "Гуля",
        "locality": "rural",
        "small_class": True,
        "remote": True,
        "role_in_seed": "small remote school (distance learning, measure 2.3)",
        "source": "003 (invented): 2.3 «Создание условий по внедрению электронного обучения и "
        "дистанционных технологий»; goal «независимо от его местожительства»",
        "invented": True,
    },
    # ---- 004 Дагестанские Огни: no school named; schools No. 1–5 invented ----
    {
        "code": "DAG-001",
        "municipality": "dagogni",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 1» городского округа «город Дагестанские Огни»",
        "short_name": "МБОУ СОШ № 1",
        "type": "СОШ",
        "settlement": "Дагестанские Огни",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "pilot school (stably high results), assigned to a low-results school (item 10)",
        "source": "004 (invented): 10 «Закрепление «пилотной школы», показывающей стабильно "
        "высокие образовательные результаты за школами, находящимися в группе риска или "
        "показывающими НОР»",
        "invented": True,
    },
    {
        "code": "DAG-002",
        "municipality": "dagogni",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 2» городского округа «город Дагестанские Огни»",
        "short_name": "МБОУ СОШ № 2",
        "type": "СОШ",
        "settlement": "Дагестанские Огни",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "pilot school (stably high results, comparable social conditions; items 10, 41)",
        "source": "004 (invented): 41 «со школами со стабильно высокими образовательными "
        "результатами, работающими в сопоставимых социальных условиях»",
        "invented": True,
    },
    {
        "code": "DAG-003",
        "municipality": "dagogni",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 3» городского округа «город Дагестанские Огни»",
        "short_name": "МБОУ СОШ № 3",
        "type": "СОШ",
        "settlement": "Дагестанские Огни",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "school of growth («школа «роста»», item 41, 46)",
        "source": "004 (invented): 41 «Налаживание сетевого взаимодействия школ «роста» и школ, показывающих НОР»",
        "invented": True,
    },
    {
        "code": "DAG-004",
        "municipality": "dagogni",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 4» городского округа «город Дагестанские Огни»",
        "short_name": "МБОУ СОШ № 4",
        "type": "СОШ",
        "settlement": "Дагестанские Огни",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "low-results school (НОР); report sessions (item 12)",
        "source": "004 (invented): 12 «Проведение отчётных сессий школ, находящихся в группе "
        "риска или показывающих НОР»",
        "invented": True,
    },
    {
        "code": "DAG-005",
        "municipality": "dagogni",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5» городского округа «город Дагестанские Огни»",
        "short_name": "МБОУ СОШ № 5",
        "type": "СОШ",
        "settlement": "Дагестанские Огни",
        "locality": "urban",
        "small_class": False,
        "remote": False,
        "role_in_seed": "risk-group school («группа риска»)",
        "source": "004 (invented): 8 «по поддержке школ, находящихся в группе риска или показывающих НОР»",
        "invented": True,
    },
]

ORGANISATIONS = [
    # ---- 000 Королёв ----
    {
        "municipality": "korolev",
        "kind": "authority",
        "name": "Комитет образования Администрации городского округа Королёв Московской области",
        "short_name": "Комитет образования",
        "source": "000: «Разработчики Программы: Комитет образования Администрации городского "
        "округа Королёв Московской области»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "methodological_centre",
        "name": "Муниципальное бюджетное учреждение дополнительного профессионального образования "
        "городского округа Королёв Московской области «Учебно-методический образовательный "
        "центр»",
        # Also written "МБУ ДПО «УМОЦ»" (and once "МБОУ ДПО «УМОЦ»") in the measures table.
        "short_name": "МБУДПО «УМОЦ»",
        "source": "000: «… «Учебно-методический образовательный центр» (МБУДПО «УМОЦ»)»; listed among partners",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "psychological_centre",
        # A unit of МБУДПО «УМОЦ» rather than a separate legal entity; runs the city parents' club.
        "name": "Психолого-логопедическая служба МБУДПО «УМОЦ»",
        "short_name": "Психолого-логопедическая служба",
        "source": "000: «На базе Психолого-логопедической службы МБУ ДПО «УМОЦ» … организован «Родительский клуб»»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "other",
        "name": "Муниципальное бюджетное учреждение городского округа Королёв Московской области "
        "«Централизованная бухгалтерия Комитета образования»",
        # Written "МБУ ЦБГКО" / "МБУ ЦБ ГКО" in measures 5.1, 5.2, 5.4.
        "short_name": "МБУ «ЦБ КО»",
        "source": "000: «Основные исполнители … «Централизованная бухгалтерия Комитета образования»( МБУ «ЦБ КО»)»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "college",
        "name": "Государственное автономное профессиональное образовательное учреждение "
        "Московской области «МЦК – Техникум имени С.П. Королева»",
        "short_name": "ГАПОУ МО «МЦК – Техникум имени С.П. Королева»",
        "source": "000: partner list «ГАПОУ МО «МЦК – Техникум имени С.П. Королева»»; measure 4.2 "
        "«Путевка в жизнь школьникам Подмосковья - получение профессии вместе с аттестатом»",
        "regional": True,
    },
    {
        "municipality": "korolev",
        "kind": "college",
        "name": "Колледж космического машиностроения и технологий",
        "short_name": "Колледж космического машиностроения и технологий",
        "source": "000: «будут осваивать профессии в трех профессиональных образовательных "
        "организациях: Колледж космического машиностроения и технологий»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "college",
        "name": "Техникум технологий и дизайна",
        "short_name": "Техникум технологий и дизайна",
        "source": "000: «в трех профессиональных образовательных организациях: … Техникум технологий и дизайна»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "quality_assessment",
        "name": "Центр качества образования АСОУ",
        "short_name": "Центр качества образования АСОУ",
        "source": "000: «вошедшая в перечень школ, работающих в неблагоприятных социальных "
        "условиях, по результатам проведенных исследований Центром качества образования АСОУ»",
        "regional": True,
    },
    {
        "municipality": "korolev",
        "kind": "social",
        "name": "Комиссия по делам несовершеннолетних",
        "short_name": "КДН",
        "source": "000: «при тесном взаимодействии с Комиссией по делам несовершеннолетних "
        "систематически проводится работа с неблагополучными семьями»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "other",
        "name": "Городское методическое объединение учителей русского языка и литературы",
        "short_name": "ГМО учителей русского языка и литературы",
        "source": "000: measure 6.6, responsible «ГМО учителей русского языка и литературы»",
        "regional": False,
    },
    {
        "municipality": "korolev",
        "kind": "other",
        "name": "Министерство образования Московской области",
        "short_name": "МОМО",
        "source": "000: measure 3.13 «Октябрь/по плану МОМО»; «Приказ № 1552 от 25.05.2018г. "
        "министра образования Московской области»",
        "regional": True,
    },
    # ---- 001 Сысерть ----
    {
        "municipality": "sysert",
        "kind": "authority",
        "name": "Управление образования Администрации Сысертского городского округа",
        "short_name": "Управление образования",
        "source": "001: header «Управление образования Администрации Сысертского городского округа ПРИКАЗ № 267-ОД»",
        "regional": False,
    },
    {
        "municipality": "sysert",
        "kind": "methodological_centre",
        "name": "Организационно-методический центр",
        # The abbreviation is ours; the seed writes the name out.
        "short_name": "ОМЦ",
        "source": "001: «Участники реализации муниципальной модели: … 2. Организационно-методический центр, ММО»",
        "regional": False,
    },
    {
        "municipality": "sysert",
        "kind": "other",
        "name": "Муниципальные методические объединения",
        "short_name": "ММО",
        "source": "001: «ММО обеспечивают информационно-методическое сопровождение реализации "
        "школами программ повышения качества образования»",
        "regional": False,
    },
    {
        "municipality": "sysert",
        "kind": "methodological_centre",
        # The seed misspells it «Институт развитии образования»; normalised here.
        "name": "ГАОУ ДПО СО «Институт развития образования»",
        "short_name": "ИРО СО",
        "source": "001: «в адрес ГАОУ ДПО СО «Институт развитии образования»»; «разработанный ИРО СО»",
        "regional": True,
    },
    {
        "municipality": "sysert",
        "kind": "other",
        "name": "Региональная сетевая методическая служба «Педсовет 66»",
        "short_name": "Педсовет 66",
        "source": "001: «профессиональных сетевых сообществ педагогов: региональная сетевая "
        "методическая служба «Педсовет 66»»",
        "regional": True,
    },
    {
        "municipality": "sysert",
        "kind": "other",
        "name": "Сетевое сообщество «Открытый класс: информатики Свердловской области»",
        "short_name": "Открытый класс",
        "source": "001: ««Открытый класс: информатики Свердловской области» "
        "(http://www.openclass.ru/commimities/25196)»",
        "regional": True,
    },
    {
        "municipality": "sysert",
        "kind": "other",
        "name": "Сетевое сообщество «Сеть творческих учителей»",
        "short_name": "Сеть творческих учителей",
        "source": "001: «сетевых сообществ педагогов: … «Сеть творческих учителей»»",
        "regional": True,
    },
    {
        "municipality": "sysert",
        "kind": "other",
        "name": "Центры цифрового и гуманитарного образования «Точки роста»",
        "short_name": "«Точки роста»",
        "source": "001: «с использованием ресурсов Центров цифрового и гуманитарного образования "
        "«Точки роста», созданных на территории муниципального образования»",
        "regional": False,
    },
    {
        "municipality": "sysert",
        "kind": "social",
        "name": "Фонд поддержки детей, находящихся в трудной жизненной ситуации",
        "short_name": "Фонд поддержки детей",
        "source": "001: «конкурсе на грантовую поддержку, организуемом ежегодно Фондом поддержки "
        "детей, находящихся в трудной жизненной ситуации»",
        "regional": True,
    },
    {
        "municipality": "sysert",
        "kind": "other",
        "name": "Региональная консультационная служба для родителей",
        "short_name": "Консультационная служба для родителей",
        "source": "001: «включение родителей в работу с информационным ресурсом «Региональная "
        "консультационная служба для родителей»»",
        "regional": True,
    },
    # ---- 002 Дубна ----
    {
        "municipality": "dubna",
        "kind": "authority",
        "name": "Городское управление народного образования Администрации г. Дубны",
        "short_name": "Городское управление народного образования",
        "source": "002: first executor column «Городское управление народного образования Администрации г.Дубны»",
        "regional": False,
    },
    {
        "municipality": "dubna",
        "kind": "methodological_centre",
        "name": "Муниципальное бюджетное образовательное учреждение дополнительного "
        "профессионального образования (повышения квалификации) «Центр развития образования "
        "города Дубны Московской области»",
        "short_name": "ЦРО",
        "source": "002: 1.1 «… «Центр развития образования города Дубны Московской области» (далее – ЦРО)»",
        "regional": False,
    },
    {
        "municipality": "dubna",
        "kind": "methodological_centre",
        # The second executor column; the roadmap gives ЦРО the support of these schools, so the
        # service is probably staffed by ЦРО, but the seed keeps the two names apart.
        "name": "Муниципальная методическая служба",
        "short_name": "Муниципальная методическая служба",
        "source": "002: second executor column «Муниципальная методическая служба»; «Назначить "
        "муниципального координатора проекта из числа специалистов муниципальной методической "
        "службы»",
        "regional": False,
    },
    {
        "municipality": "dubna",
        "kind": "quality_assessment",
        "name": "Муниципальная система оценки качества образования",
        "short_name": "МСОКО",
        "source": "002: third executor column «МСОКО»",
        "regional": False,
    },
    {
        "municipality": "dubna",
        "kind": "university",
        "name": "Национальный исследовательский университет «Высшая школа экономики»",
        "short_name": "НИУ ВШЭ",
        "source": "002: «сбор контекстных данных по анкете, предоставленной НИУ ВШЭ»; «в "
        "соответствии с методикой, предоставленной НИУ ВШЭ, провести расчет Индекса "
        "социального благополучия»",
        "regional": True,
    },
    {
        "municipality": "dubna",
        "kind": "other",
        "name": "Совет по развитию общего образования",
        "short_name": "Совет по развитию общего образования",
        "source": "002: «Принята на Совете по развитию общего образования от 30.06.2017 № 9»",
        "regional": False,
    },
    # ---- 003 Тунгиро-Олёкминский район (the program names no other organisation) ----
    {
        "municipality": "tungiro",
        "kind": "authority",
        "name": "Отдел образования администрации муниципального района «Тунгиро-Олекминский район»",
        "short_name": "Отдел образования",
        "source": "003: header «Отдел образования администрации муниципального района "
        "«Тунгиро-Олекминский район» (Тунгиро-Олекминский отдел образования)»",
        "regional": False,
    },
    # ---- 004 Дагестанские Огни ----
    {
        "municipality": "dagogni",
        "kind": "authority",
        "name": "Управление образования администрации городского округа «город Дагестанские Огни»",
        "short_name": "Управление образования",
        "source": "004: «Утверждаю» Начальник МКУ «Управление образования» городского округа "
        "«город Дагестанские Огни»; measures: «Управление образования администрации "
        "городского округа «город Дагестанские Огни»»",
        "regional": False,
    },
    {
        "municipality": "dagogni",
        "kind": "sport",
        "name": "Муниципальное бюджетное учреждение дополнительного образования «Детско-юношеская "
        "спортивная школа № 2»",
        "short_name": "МБУ ДО «ДЮСШ № 2»",
        "source": "004: 44 «учреждения дополнительного образования МБУ ДО «Детско-юношеская спортивная школа №2»»",
        "regional": False,
    },
    {
        "municipality": "dagogni",
        "kind": "additional_education",
        # The seed writes only «ДДТ»; «Дом детского творчества» is the usual expansion.
        "name": "Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества»",
        "short_name": "МБУ ДО «ДДТ»",
        "source": "004: 44 «… И МБУ ДО «ДДТ»»",
        "regional": False,
    },
    {
        "municipality": "dagogni",
        "kind": "other",
        "name": "Городские методические объединения",
        "short_name": "ГМО",
        "source": "004: 43 «Вовлечение педагогов в городские методические объединения, профессиональные сообщества»",
        "regional": False,
    },
]

TIES = [
    # ---- 000 Королёв: МБОУ СОШ № 22 and its four partners ----
    {
        "municipality": "korolev",
        "kind": "mentor_pair",
        "parties": ["KOR-G05", "KOR-022"],
        "title": "Сетевое взаимодействие МБОУ СОШ № 22 с ОУ-партнёром МБОУ «Гимназия № 5»",
        "source": "000: partner list «МБОУ «Гимназия №5»»; 4.1 «Организация сетевого "
        "взаимодействия МБОУ СОШ № 22 с общеобразовательными организациями, демонстрирующими "
        "высокий уровень качества образования»",
        "invented": False,
    },
    {
        "municipality": "korolev",
        "kind": "mentor_pair",
        "parties": ["KOR-SI", "KOR-022"],
        "title": "Сетевое взаимодействие МБОУ СОШ № 22 с ОУ-партнёром МБОУ «Школа искусств»",
        "source": "000: partner list «МБОУ «Школа искусств»»; 4.4 «сетевого взаимодействия МБОУ "
        "СОШ № 22 с образовательными организациями-партнерами»",
        "invented": False,
    },
    {
        "municipality": "korolev",
        "kind": "partner_agreement",
        "parties": ["KOR-022", "ГАПОУ МО «МЦК – Техникум имени С.П. Королева»"],
        "title": "«Путевка в жизнь школьникам Подмосковья - получение профессии вместе с "
        "аттестатом» (43 обучающихся МБОУ СОШ № 22)",
        "source": "000: 4.2 «Организация сетевого взаимодействия МБОУ СОШ № 22 с «МЦК – Техникум "
        "имени С.П. Королева»», 2018-2020",
        "invented": False,
    },
    {
        "municipality": "korolev",
        "kind": "partner_agreement",
        "parties": ["KOR-022", "МБУДПО «УМОЦ»"],
        "title": "Организационно-методическое сопровождение МБОУ СОШ № 22 (выездные занятия "
        "городского Родительского клуба, тьюторы для детей-инофонов)",
        "source": "000: partner list «МБУДПО «УМОЦ»»; 3.10 «Организация выездных занятий "
        "городского Родительского клуба»; 1.2 тьюторская поддержка",
        "invented": False,
    },
    {
        "municipality": "korolev",
        "kind": "professional_community",
        "parties": ["МБУДПО «УМОЦ»", "KOR-022"],
        "title": "Службы школьной медиации (муниципальный координатор — МБУДПО «УМОЦ»)",
        "source": "000: «Муниципальным координатором деятельности Служб школьной медиации "
        "назначена заместитель директора МБУ ДПО «УМОЦ»»; «В МБОУ СОШ №22 организована Служба "
        "школьной медиации»",
        "invented": False,
    },
    {
        "municipality": "korolev",
        "kind": "professional_community",
        "parties": ["ГМО учителей русского языка и литературы", "KOR-022"],
        "title": "ГМО учителей русского языка и литературы: работа с детьми-инофонами",
        "source": "000: 6.6 «Выявление в ОУ обучающихся с неродным русским языком» — «ГМО "
        "учителей русского языка и литературы»",
        "invented": False,
    },
    # ---- 001 Сысерть: «сетевые пары» (the seed names the technology, not the pairs) ----
    {
        "municipality": "sysert",
        "kind": "mentor_pair",
        "parties": ["SYS-006", "SYS-010"],
        "title": "Сетевая пара МАОУ СОШ № 6 — МАОУ СОШ № 10",
        "source": "001 (pair invented): «организовано сотрудничество и обмен опытом между школами "
        "посредством технологии «сетевые пары»»",
        "invented": True,
    },
    {
        "municipality": "sysert",
        "kind": "mentor_pair",
        "parties": ["SYS-005", "SYS-030"],
        "title": "Сетевая пара МАОУ СОШ № 5 — МАОУ ООШ № 30 (п. Большой Исток)",
        "source": "001 (pair invented): «осуществление партнерского взаимодействия со школой, "
        "демонстрирующей стабильные результаты обучения на основе заключения договоров о "
        "сотрудничестве»",
        "invented": True,
    },
    {
        "municipality": "sysert",
        "kind": "internship_site",
        "parties": ["SYS-006", "SYS-016"],
        "title": "Стажировки на базе МАОУ СОШ № 6 для педагогов МАОУ ООШ № 16",
        "source": "001 (pair invented): «На базе школ, демонстрирующих высокие результаты "
        "обучения, проводятся стажировки по представлению опыта»",
        "invented": True,
    },
    {
        "municipality": "sysert",
        "kind": "professional_community",
        "parties": ["ОМЦ", "ММО"],
        "title": "Взаимодействие Организационно-методического центра с муниципальными методическими объединениями",
        "source": "001: «Организационно-методический центр - обеспечивает организацию "
        "взаимодействия с объединениями педагогов, муниципальными методическими объединениями»",
        "invented": False,
    },
    {
        "municipality": "sysert",
        "kind": "professional_community",
        "parties": ["Педсовет 66", "SYS-010", "SYS-030", "SYS-016"],
        "title": "Педагоги ШАНС в сетевых педагогических сообществах на портале «Педсовет 66»",
        "source": "001 (school list ours): «включение педагогов школы в работу сетевых "
        "педагогических сообществ на базе портала Региональной сетевой методической службы "
        "Педсовет66»",
        "invented": True,
    },
    # ---- 002 Дубна: internship sites and a coach ----
    {
        "municipality": "dubna",
        "kind": "internship_site",
        "parties": ["DUB-005", "DUB-007"],
        "title": "Стажировочная площадка МБОУ СОШ № 5 — школа-участница программы МБОУ СОШ № 7",
        "source": "002 (parties invented): «Организовать проведение муниципальных мероприятий по "
        "сетевому взаимодействию школ – стажировочных площадок со школами – участницами "
        "программ поддержки»",
        "invented": True,
    },
    {
        "municipality": "dubna",
        "kind": "internship_site",
        "parties": ["DUB-009", "DUB-010"],
        "title": "Стажировочная площадка МБОУ СОШ № 9 — школа-участница программы МБОУ СОШ № 10",
        "source": "002 (parties invented): «Мастер-классы «Опыт работы ТОПовых школ»» в школах - "
        "стажировочных площадках успешных практик",
        "invented": True,
    },
    {
        "municipality": "dubna",
        "kind": "mentor_pair",
        "parties": ["DUB-G08", "DUB-010"],
        "title": "Директор МБОУ «Гимназия № 8» — коуч управленческой команды МБОУ СОШ № 10",
        "source": "002 (parties invented): «назначить … коучей из числа директоров школ с "
        "высокими образовательными результатами»",
        "invented": True,
    },
    # ---- 003 Тунгиро-Олёкминский район ----
    {
        "municipality": "tungiro",
        "kind": "mentor_pair",
        "parties": ["TUN-TUP", "TUN-MOK"],
        "title": "Партнёрство МБОУ Тупикская СОШ и МБОУ Моклаканская ООШ: обмен опытом, взаимопосещение уроков",
        "source": "003 (parties invented): 3.3 «Поддержка проектов партнерства школ с низкими "
        "образовательными результатами с ведущими школами, включающих обмен опытом "
        "администрации и педагогов, взаимопосещение уроков»",
        "invented": True,
    },
    {
        "municipality": "tungiro",
        "kind": "partner_agreement",
        "parties": ["TUN-TUP", "TUN-MOK", "TUN-GUL"],
        "title": "Образовательная сеть школ района для выравнивания ресурсных баз",
        "source": "003 (parties invented): 3.1 «Формирование образовательных сетей с целью "
        "выравнивания ресурсных (материально-технических, кадровых) баз образовательных "
        "организаций»",
        "invented": True,
    },
    # ---- 004 Дагестанские Огни: pilot schools (item 10) and network of item 41 ----
    {
        "municipality": "dagogni",
        "kind": "mentor_pair",
        "parties": ["DAG-001", "DAG-004"],
        "title": "Закрепление пилотной школы МБОУ СОШ № 1 за МБОУ СОШ № 4 (НОР)",
        "source": "004 (pair invented): 10 «Закрепление «пилотной школы», показывающей стабильно "
        "высокие образовательные результаты за школами, находящимися в группе риска или "
        "показывающими НОР», 2 квартал 2021 года",
        "invented": True,
    },
    {
        "municipality": "dagogni",
        "kind": "mentor_pair",
        "parties": ["DAG-002", "DAG-005"],
        "title": "Закрепление пилотной школы МБОУ СОШ № 2 за МБОУ СОШ № 5 (группа риска)",
        "source": "004 (pair invented): 10 «Закрепление «пилотной школы» … за школами, находящимися в группе риска»",
        "invented": True,
    },
    {
        "municipality": "dagogni",
        "kind": "mentor_pair",
        "parties": ["DAG-002", "DAG-003"],
        "title": "Сетевое взаимодействие школы «роста» МБОУ СОШ № 3 со школой со стабильно "
        "высокими результатами МБОУ СОШ № 2",
        "source": "004 (pair invented): 41 «Налаживание сетевого взаимодействия школ «роста» и "
        "школ, показывающих НОР, со школами со стабильно высокими образовательными "
        "результатами, работающими в сопоставимых социальных условиях», ежегодно",
        "invented": True,
    },
    {
        "municipality": "dagogni",
        "kind": "partner_agreement",
        "parties": ["МБУ ДО «ДЮСШ № 2»", "МБУ ДО «ДДТ»", "DAG-003", "DAG-004", "DAG-005"],
        "title": "Доступность дополнительного образования для детей различных категорий",
        "source": "004 (school list ours): 44 «Общеобразовательные учреждения и учреждения "
        "дополнительного образования МБУ ДО «Детско-юношеская спортивная школа №2» И МБУ ДО "
        "«ДДТ»»",
        "invented": True,
    },
    {
        "municipality": "dagogni",
        "kind": "professional_community",
        "parties": ["ГМО", "DAG-004", "DAG-005"],
        "title": "Вовлечение педагогов в городские методические объединения",
        "source": "004 (school list ours): 43 «Вовлечение педагогов в городские методические "
        "объединения, профессиональные сообщества для совершенствования технологий "
        "преподавания», 2020-2024",
        "invented": True,
    },
]
