package synth

import "strings"

// Cultures with a script of their own — Cyrillic, Greek, Arabic,
// Devanagari — whose names registers hold either in that script or in one
// of several romanizations.

func cyrillicSystems(native string, romanizations ...writingSystem) []writingSystem {
	return append([]writingSystem{{name: native, script: scriptCyrillic}}, romanizations...)
}

// russianPatronymics are the fathers' names whose patronymic follows no
// rule, masculine and feminine.
var russianPatronymics = map[string][2]string{
	"Илья": {"Ильич", "Ильинична"}, "Никита": {"Никитич", "Никитична"}, "Павел": {"Павлович", "Павловна"},
	"Лев": {"Львович", "Львовна"}, "Пётр": {"Петрович", "Петровна"}, "Михаил": {"Михайлович", "Михайловна"},
	"Юрий": {"Юрьевич", "Юрьевна"}, "Василий": {"Васильевич", "Васильевна"}, "Анатолий": {"Анатольевич", "Анатольевна"},
	"Валерий": {"Валерьевич", "Валерьевна"}, "Геннадий": {"Геннадьевич", "Геннадьевна"},
	"Григорий": {"Григорьевич", "Григорьевна"}, "Виталий": {"Витальевич", "Витальевна"},
}

// russianPatronymic makes the patronymic of a father's name: Сергей →
// Сергеевич, Сергеевна; Дмитрий → Дмитриевич; Александр → Александрович.
func russianPatronymic(father string, female bool) string {
	g := 0
	if female {
		g = 1
	}
	if p, ok := russianPatronymics[father]; ok {
		return p[g]
	}
	ends := [2]string{"ович", "овна"}
	switch {
	case strings.HasSuffix(father, "ий"):
		return strings.TrimSuffix(father, "й") + [2]string{"евич", "евна"}[g]
	case strings.HasSuffix(father, "й"), strings.HasSuffix(father, "ь"):
		father = strings.TrimSuffix(strings.TrimSuffix(father, "й"), "ь")
		ends = [2]string{"евич", "евна"}
	}
	return father + ends[g]
}

// russianFeminine gives a family name's feminine form: Лавров → Лаврова,
// Ходорковский → Ходорковская; others (Черных, Шевченко) do not change.
func russianFeminine(family string) string {
	switch {
	case strings.HasSuffix(family, "ский"), strings.HasSuffix(family, "цкий"):
		return strings.TrimSuffix(family, "ий") + "ая"
	case strings.HasSuffix(family, "ой"):
		return strings.TrimSuffix(family, "ой") + "ая"
	case strings.HasSuffix(family, "ов"), strings.HasSuffix(family, "ев"), strings.HasSuffix(family, "ёв"),
		strings.HasSuffix(family, "ин"), strings.HasSuffix(family, "ын"):
		return family + "а"
	}
	return family
}

func russian() *culture {
	male := zipf(spellings(`Александр|Сергей|Дмитрий|Андрей|Алексей|Максим|Евгений|Иван|Михаил|Артём|Николай|
		Владимир|Павел|Денис|Роман|Игорь|Олег|Юрий|Виктор|Константин|Антон|Илья|Кирилл|Никита|Вадим|Василий|Пётр|
		Борис|Григорий|Станислав|Вячеслав|Анатолий|Геннадий|Валерий|Фёдор|Тимур|Руслан|Егор|Даниил|Георгий|Лев|
		Виталий|Матвей|Леонид|Аркадий`), 6)
	female := zipf(spellings(`Елена|Ольга|Наталья|Татьяна|Ирина|Светлана|Анна|Мария|Екатерина|Юлия|Марина|Людмила|
		Галина|Надежда|Анастасия|Валентина|Оксана|Дарья|Ксения|Виктория|Алина|Полина|Евгения|Любовь|Вера|Софья|
		Алёна|Кристина|Лариса|Жанна|Нина|Тамара`), 6)
	family := zipf(spellings(`Иванов|Смирнов|Кузнецов|Попов|Васильев|Петров|Соколов|Михайлов|Новиков|Фёдоров|
		Морозов|Волков|Алексеев|Лебедев|Семёнов|Егоров|Павлов|Козлов|Степанов|Николаев|Орлов|Андреев|Макаров|
		Никитин|Захаров|Зайцев|Соловьёв|Борисов|Яковлев|Григорьев|Романов|Воробьёв|Сергеев|Кузьмин|Фролов|
		Александров|Дмитриев|Королёв|Гусев|Киселёв|Ильин|Максимов|Поляков|Сорокин|Виноградов|Ковалёв|Белов|
		Медведев|Антонов|Тарасов|Жуков|Баранов|Филиппов|Комаров|Давыдов|Беляев|Герасимов|Богданов|Осипов|
		Сидоров|Матвеев|Титов|Марков|Миронов|Крылов|Куликов|Карпов|Власов|Мельников|Денисов|Гаврилов|Тихонов|
		Казаков|Афанасьев|Данилов|Савельев|Тимофеев|Фомин|Чернов|Абрамов|Мартынов|Ефимов|Федотов|Щербаков|
		Назаров|Калинин|Исаев|Чернышёв|Быков|Маслов|Родионов|Коновалов|Лазарев|Воронин|Климов|Филатов|
		Пономарёв|Голубев|Кудрявцев|Прохоров|Наумов|Потапов|Журавлёв|Овчинников|Трофимов|Леонов|Соболев|
		Ермаков|Колесников|Гончаров|Емельянов|Никифоров|Грачёв|Котов|Гришин|Ефремов|Архипов|Громов|Кириллов|
		Малышев|Панов|Моисеев|Румянцев|Акимов|Кондратьев|Бирюков|Горбунов|Анисимов|Тихомиров|Галкин|Лукьянов|
		Михеев|Скворцов|Юдин|Белоусов|Нестеров|Симонов|Прокофьев|Харитонов|Князев|Цветков|Левин|Воронов|
		Аксёнов|Мальцев|Логинов|Горшков|Савин|Краснов|Майоров|Демидов|Елисеев|Рыбаков|Сафонов|Плотников|
		Хохлов|Шестаков|Гордеев|Ходорковский|Покровский|Успенский|Вознесенский|Троицкий|Белинский|Черных|
		Толстой|Лавров|Хрущёв|Пугачёв|Шувалов|Навальный|Горбачёв|Жириновский|Кадыров|Шойгу`), 12)
	ru := func(rule letterRule, fix func(string) string) func(string) string { return romanizer(rule, fix) }
	return &culture{
		name: "Russian", weight: 8,
		systems: cyrillicSystems("Cyrillic",
			writingSystem{name: "ICAO 9303", script: scriptLatin, derive: ru(russianICAO, nil)},
			writingSystem{name: "English press", script: scriptLatin, derive: ru(russianPress, russianPressEnding)},
			writingSystem{name: "German", script: scriptLatin, derive: ru(russianGerman, russianGermanEnding)},
			writingSystem{name: "French", script: scriptLatin, derive: ru(russianFrench, russianFrenchEnding)},
		),
		stored:        systemShares(45, 25, 18, 7, 5),
		nationalities: countryShares("RUS:85|KAZ:5|BLR:5|UKR:3|LVA:1|EST:1"),
		patronymic:    true,
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			n := personName{first: given.pick(r)}
			if r.chance(0.85) {
				n.middle = []spelling{{russianPatronymic(male.pick(r)[0], f)}}
			}
			last := family.pick(r)[0]
			if r.chance(0.35) { // the long tail: a root and a suffix (Бобров, Сомин, Ковылёв)
				last = pick(r, russianRoots)[0] + pick(r, russianSuffixes)[0]
			}
			if f {
				last = russianFeminine(last)
			}
			n.family = []spelling{{last}}
			return n
		},
	}
}

// russianRoots and russianSuffixes make the rarer Russian family names.
var (
	russianRoots = spellings(`Бобр|Бык|Вол|Голуб|Горох|Грач|Дуб|Жук|Зуб|Кабан|Комар|Кот|Кулик|Лис|Мух|Осетр|Пет|
		Рыб|Сом|Сыч|Туман|Чиж|Шмел|Щегл|Ястреб|Берез|Булат|Ветр|Глад|Гром|Дрозд|Ерш|Жар|Злат|Ковыл|Крут|Лапт|Мед|
		Мороз|Нос|Окун|Пахом|Руд|Сват|Стрелк|Трус|Ушак|Хомяк|Чуб|Шап|Бурлак|Бараш|Горш|Лагут|Молчан|Сухан|Тюр|
		Филат|Харлам|Шадр`)
	russianSuffixes = spellings(`ов|ин|ский|ков|ников`)
)

var ukrainianPatronymics = map[string][2]string{
	"Микола": {"Миколайович", "Миколаївна"}, "Ілля": {"Ілліч", "Іллівна"}, "Василь": {"Васильович", "Василівна"},
	"Лев": {"Львович", "Львівна"},
}

// ukrainianPatronymic: Олександр → Олександрович, Олександрівна; Андрій →
// Андрійович, Андріївна; Петро → Петрович, Петрівна.
func ukrainianPatronymic(father string, female bool) string {
	g := 0
	if female {
		g = 1
	}
	if p, ok := ukrainianPatronymics[father]; ok {
		return p[g]
	}
	switch {
	case strings.HasSuffix(father, "ій"):
		return father[:len(father)-len("й")] + [2]string{"йович", "ївна"}[g]
	case strings.HasSuffix(father, "о"):
		father = strings.TrimSuffix(father, "о")
	}
	return father + [2]string{"ович", "івна"}[g]
}

func ukrainianFeminine(family string) string {
	switch {
	case strings.HasSuffix(family, "ський"), strings.HasSuffix(family, "цький"):
		return strings.TrimSuffix(family, "ий") + "а"
	case strings.HasSuffix(family, "ов"), strings.HasSuffix(family, "ев"), strings.HasSuffix(family, "ін"):
		return family + "а"
	}
	return family
}

func ukrainian() *culture {
	male := zipf(spellings(`Олександр|Андрій|Сергій|Володимир|Іван|Дмитро|Микола|Олег|Юрій|Віктор|Василь|Петро|
		Тарас|Богдан|Михайло|Ярослав|Максим|Віталій|Роман|Степан|Артем|Денис|Ігор|Євген|Анатолій|Григорій|Остап|
		Назар|Святослав|Павло`), 6)
	female := zipf(spellings(`Олена|Наталія|Тетяна|Ірина|Оксана|Юлія|Марія|Світлана|Ольга|Людмила|Галина|Анна|
		Катерина|Ганна|Вікторія|Надія|Софія|Анастасія|Яна|Христина|Леся|Богдана|Соломія|Євгенія|Зоряна`), 6)
	family := zipf(spellings(`Шевченко|Коваленко|Бондаренко|Ткаченко|Кравченко|Олійник|Шевчук|Коваль|Поліщук|
		Бондар|Ткачук|Мельник|Лисенко|Марченко|Руденко|Савченко|Петренко|Мороз|Кравчук|Клименко|Павленко|Левченко|
		Харченко|Карпенко|Захарченко|Сидоренко|Гончаренко|Гребенюк|Мазур|Бойко|Ковальчук|Романенко|Іваненко|
		Тимошенко|Кузьменко|Литвиненко|Пономаренко|Яковенко|Кириленко|Зінченко|Костенко|Гнатюк|Присяжнюк|
		Яковлев|Ковалевський|Вишневський|Грушевський|Федоров|Дорошенко|Приходько|Тарасюк|Гуменюк|Стельмах|Запорожець`), 10)
	ua := func(rule letterRule) func(string) string { return romanizer(rule, nil) }
	return &culture{
		name: "Ukrainian", weight: 4,
		systems: cyrillicSystems("Cyrillic",
			writingSystem{name: "Ukrainian national (KMU 2010)", script: scriptLatin, derive: ua(ukrainianKMU)},
			writingSystem{name: "English press", script: scriptLatin, derive: ua(ukrainianPress)},
			writingSystem{name: "German", script: scriptLatin, derive: ua(ukrainianGerman)},
		),
		stored:        systemShares(40, 35, 15, 10),
		nationalities: countryShares("UKR:95|POL:3|RUS:2"),
		patronymic:    true,
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			n := personName{first: given.pick(r)}
			if r.chance(0.7) {
				n.middle = []spelling{{ukrainianPatronymic(male.pick(r)[0], f)}}
			}
			last := family.pick(r)[0]
			if f {
				last = ukrainianFeminine(last)
			}
			n.family = []spelling{{last}}
			return n
		},
	}
}

func greek() *culture {
	male := zipf(spellings(`Γεώργιος/Georgios/Yeoryios|Δημήτριος/Dimitrios/Demetrios|Ιωάννης/Ioannis/Ioannes|
		Κωνσταντίνος/Konstantinos/Constantinos|Νικόλαος/Nikolaos/Nicolaos|Παναγιώτης/Panagiotis/Panayiotis|
		Βασίλειος/Vasileios/Vassilios|Χρήστος/Christos/Hristos|Αθανάσιος/Athanasios/Athanassios|
		Μιχαήλ/Michail/Michael|Ευάγγελος/Evangelos/Evaggelos|Σπυρίδων/Spyridon/Spiridon|Αντώνιος/Antonios/Andonios|
		Αλέξανδρος/Alexandros/Aleksandros|Θεόδωρος/Theodoros/Teodoros|Γιάννης/Giannis/Yannis|Γιώργος/Giorgos/Yorgos|
		Κώστας/Kostas/Costas|Νίκος/Nikos/Nicos|Σταύρος/Stavros|Ηλίας/Ilias/Elias|Εμμανουήλ/Emmanouil/Emmanuel|
		Στέφανος/Stefanos/Stephanos|Άγγελος/Angelos/Aggelos`), 6)
	female := zipf(spellings(`Μαρία/Maria|Ελένη/Eleni|Αικατερίνη/Aikaterini/Ekaterini|Βασιλική/Vasiliki/Vassiliki|
		Σοφία/Sofia/Sophia|Αγγελική/Angeliki/Aggeliki|Ευαγγελία/Evangelia/Evaggelia|Γεωργία/Georgia/Yeoryia|
		Δήμητρα/Dimitra/Demetra|Κωνσταντίνα/Konstantina/Constantina|Παρασκευή/Paraskevi|Χριστίνα/Christina/Hristina|
		Ιωάννα/Ioanna|Αναστασία/Anastasia/Anastassia|Ειρήνη/Eirini/Irini|Δέσποινα/Despoina/Despina|
		Χαρίκλεια/Charikleia/Hariklia|Αθηνά/Athina/Athena|Θεοδώρα/Theodora|Ευτυχία/Eftychia/Eftihia`), 6)
	maleFamily, femaleFamily := gendered(`Παπαδόπουλος/Papadopoulos=Παπαδοπούλου/Papadopoulou|
		Παπαδάκης/Papadakis=Παπαδάκη/Papadaki|Γεωργίου/Georgiou/Yeoryiou|Οικονόμου/Oikonomou/Economou|
		Νικολάου/Nikolaou/Nicolaou|Βασιλείου/Vasileiou/Vassiliou|Ιωάννου/Ioannou|
		Καραγιάννης/Karagiannis/Karayannis=Καραγιάννη/Karagianni/Karayanni|Αντωνίου/Antoniou/Andoniou|
		Δημητρίου/Dimitriou/Demetriou|Παπανικολάου/Papanikolaou/Papanicolaou|Μακρής/Makris=Μακρή/Makri|
		Αλεξίου/Alexiou|Κωνσταντίνου/Konstantinou/Constantinou|Χριστοδούλου/Christodoulou/Hristodoulou|
		Παππάς/Pappas/Papas=Παππά/Pappa/Papa|Μαυρίδης/Mavridis/Mavrides=Μαυρίδου/Mavridou|
		Αθανασίου/Athanasiou/Athanassiou|Πετρόπουλος/Petropoulos=Πετροπούλου/Petropoulou|
		Κυριακίδης/Kyriakidis/Kiriakidis=Κυριακίδου/Kyriakidou/Kiriakidou|Ζαχαρίου/Zachariou/Zahariou|
		Λαμπρόπουλος/Lampropoulos/Labropoulos=Λαμπροπούλου/Lampropoulou/Labropoulou|
		Σταματόπουλος/Stamatopoulos=Σταματοπούλου/Stamatopoulou|Τσακίρης/Tsakiris=Τσακίρη/Tsakiri|
		Ευαγγέλου/Evangelou/Evaggelou|Αναστασίου/Anastasiou/Anastassiou|
		Κωνσταντινίδης/Konstantinidis/Constantinides=Κωνσταντινίδου/Konstantinidou/Constantinidou|
		Χατζηδάκης/Chatzidakis/Hatzidakis=Χατζηδάκη/Chatzidaki/Hatzidaki|
		Σπυρόπουλος/Spyropoulos/Spiropoulos=Σπυροπούλου/Spyropoulou/Spiropoulou|
		Αλεξόπουλος/Alexopoulos=Αλεξοπούλου/Alexopoulou|Θεοδωρίδης/Theodoridis/Theodorides=Θεοδωρίδου/Theodoridou`)
	mf, ff := zipf(maleFamily, 8), zipf(femaleFamily, 8)
	return &culture{
		name: "Greek", weight: 2,
		systems: []writingSystem{
			{name: "Greek", script: scriptGreek},
			{name: "ELOT 743", script: scriptLatin},
			{name: "customary Latin", script: scriptLatin},
		},
		stored:        systemShares(45, 35, 20),
		nationalities: countryShares("GRC:85|CYP:15"),
		make: func(r *rng, f bool) personName {
			if f {
				return personName{first: female.pick(r), family: []spelling{ff.pick(r)}}
			}
			return personName{first: male.pick(r), family: []spelling{mf.pick(r)}}
		},
	}
}

// Arabic names: the Arabic script, the Gulf and English-language usage
// (Mohammed, Alqahtani), a scholarly one (Muhammad, al-Qahtani), and the
// Egyptian and Maghrebi usage, French-influenced (Mohamed, El Kahtani,
// Hicham, Gamal).
func arabic() *culture {
	male := zipf(spellings(`محمد/Mohammed/Muhammad/Mohamed|أحمد/Ahmed/Ahmad/Ahmed|علي/Ali|عمر/Omar/Umar/Omar|
		خالد/Khalid/Khalid/Khaled|يوسف/Yousef/Yusuf/Youssef|حسن/Hassan/Hasan/Hassan|حسين/Hussain/Husayn/Hussein|
		إبراهيم/Ibrahim|عبد الله/Abdullah/Abd Allah/Abdallah|عبد الرحمن/Abdulrahman/Abd al-Rahman/Abdelrahman|
		عبد العزيز/Abdulaziz/Abd al-Aziz/Abdelaziz|محمود/Mahmoud/Mahmud/Mahmoud|مصطفى/Mustafa/Mustafa/Moustafa|
		سعيد/Saeed/Said/Said|طارق/Tariq/Tariq/Tarek|كريم/Kareem/Karim/Karim|سامي/Sami/Sami/Samy|
		ياسر/Yasser/Yasir/Yasser|فيصل/Faisal/Faysal/Fayçal|نبيل/Nabeel/Nabil/Nabil|جمال/Jamal/Jamal/Gamal|
		صالح/Saleh/Salih/Saleh|عادل/Adel/Adil/Adel|رامي/Rami/Rami/Ramy|وليد/Waleed/Walid/Walid|
		هشام/Hisham/Hisham/Hicham|ماجد/Majed/Majid/Maged|زياد/Ziad/Ziyad/Ziad|منصور/Mansour/Mansur/Mansour|
		ناصر/Nasser/Nasir/Nasser|حمزة/Hamza/Hamzah/Hamza|أنس/Anas|بلال/Bilal/Bilal/Bilel|أسامة/Osama/Usama/Oussama|
		معمر/Muammar/Muammar/Moammar|عماد/Emad/Imad/Imed|فارس/Fares/Faris/Fares|سليمان/Sulaiman/Sulayman/Soliman|
		عثمان/Othman/Uthman/Osman|رشيد/Rashid/Rashid/Rachid|مروان/Marwan|سلطان/Sultan|نايف/Naif/Nayif/Nayef`), 5)
	female := zipf(spellings(`فاطمة/Fatima/Fatimah/Fatma|عائشة/Aisha/Aishah/Aicha|مريم/Maryam/Maryam/Meriem|
		زينب/Zainab/Zaynab/Zeinab|نور/Noor/Nur/Nour|سارة/Sarah/Sara/Sara|ليلى/Layla/Layla/Leila|هدى/Huda/Huda/Houda|
		خديجة/Khadija/Khadijah/Khadija|أمينة/Amina/Aminah/Amina|رانيا/Rania/Raniya/Rania|سلمى/Salma|
		ياسمين/Yasmeen/Yasmin/Yasmine|نادية/Nadia/Nadiya/Nadia|ريم/Reem/Rim/Rim|هند/Hind|سعاد/Suad/Suad/Souad|
		منى/Mona/Muna/Mouna|حنان/Hanan/Hanan/Hanane|إيمان/Eman/Iman/Imane|أسماء/Asma/Asma/Asmaa|لبنى/Lubna/Lubna/Loubna`), 5)
	family := zipf(spellings(`القحطاني/Alqahtani/al-Qahtani/El Kahtani|العتيبي/Alotaibi/al-Utaybi/El Otaibi|
		الشمري/Alshammari/al-Shammari/El Shammari|الدوسري/Aldosari/al-Dawsari/El Dosari|
		الزهراني/Alzahrani/al-Zahrani/El Zahrani|الغامدي/Alghamdi/al-Ghamidi/El Ghamdi|المصري/Almasri/al-Misri/El Masry|
		الخطيب/Alkhatib/al-Khatib/El Khatib|النجار/Alnajjar/al-Najjar/El Naggar|الحسيني/Alhusseini/al-Husayni/El Husseini|
		التميمي/Altamimi/al-Tamimi/El Tamimi|الشريف/Alsharif/al-Sharif/Cherif|حداد/Haddad|منصور/Mansour/Mansur/Mansour|
		خليل/Khalil|عباس/Abbas/Abbas/Abbes|حمدان/Hamdan/Hamdan/Hamdane|عيسى/Eissa/Isa/Aissa|العلوي/Alalawi/al-Alawi/Alaoui|
		الإدريسي/Alidrisi/al-Idrisi/El Idrissi|البغدادي/Albaghdadi/al-Baghdadi/El Baghdadi|الحلبي/Alhalabi/al-Halabi/El Halabi|
		العمري/Alomari/al-Umari/El Omari|السعدي/Alsaadi/al-Saadi/Saadi|الجبوري/Aljubouri/al-Jaburi/El Jabouri|
		الكبيسي/Alkubaisi/al-Kubaysi/El Koubeissi|بوتفليقة/Bouteflika|الأحمد/Alahmad/al-Ahmad/El Ahmad|
		الفاسي/Alfasi/al-Fasi/El Fassi|الرشيد/Alrashid/al-Rashid/Rachid|القذافي/Algaddafi/al-Qadhafi/Kadhafi|
		بن علي/Bin Ali/ibn Ali/Ben Ali|بن سالم/Bin Salem/ibn Salim/Ben Salem|العبيدي/Alobaidi/al-Ubaydi/El Obeidi|
		الكعبي/Alkaabi/al-Kaabi/El Kaabi|الهاشمي/Alhashimi/al-Hashimi/El Hachemi|صالح/Saleh/Salih/Saleh|
		عبد الله/Abdullah/Abd Allah/Abdallah|درويش/Darwish/Darwish/Darwiche|يونس/Younis/Yunus/Younes`), 6)
	return &culture{
		name: "Arabic", weight: 12,
		systems: []writingSystem{
			{name: "Arabic", script: scriptArabic},
			{name: "Gulf and English usage", script: scriptLatin},
			{name: "scholarly", script: scriptLatin},
			{name: "Egyptian and Maghrebi usage", script: scriptLatin},
		},
		stored: systemShares(35, 30, 10, 25),
		nationalities: countryShares("EGY:20|SAU:12|IRQ:10|SYR:10|MAR:10|DZA:8|JOR:6|LBN:5|TUN:5|YEM:5|SDN:5|LBY:4|" +
			"PSE:3|ARE:2|KWT:2|QAT:1|OMN:1"),
		patronymic: true,
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			// Given name, father's name, sometimes grandfather's, family.
			n := personName{first: given.pick(r)}
			if r.chance(0.85) {
				n.middle = append(n.middle, other(r, male, n.first))
				if r.chance(0.25) {
					n.middle = append(n.middle, other(r, male, n.middle[0]))
				}
			}
			if r.chance(0.9) || len(n.middle) == 0 {
				n.family = []spelling{family.pick(r)}
			}
			return n
		},
	}
}

func hindi() *culture {
	male := zipf(spellings(`राहुल/Rahul|अमित/Amit|विजय/Vijay/Vijai|सुनील/Sunil|राजेश/Rajesh|संजय/Sanjay/Sanjai|
		दीपक/Deepak/Dipak|अनिल/Anil|सुरेश/Suresh|रमेश/Ramesh|मनोज/Manoj|अजय/Ajay/Ajai|विकास/Vikas|अशोक/Ashok|
		राकेश/Rakesh|प्रदीप/Pradeep/Pradip|संदीप/Sandeep/Sandip|आकाश/Akash/Aakash|रोहित/Rohit|अभिषेक/Abhishek|
		विवेक/Vivek|नितिन/Nitin|गौरव/Gaurav|अंकित/Ankit|सौरभ/Saurabh/Sourabh|मोहित/Mohit|अर्जुन/Arjun|
		आदित्य/Aditya|करण/Karan|प्रशांत/Prashant|नरेंद्र/Narendra|महेश/Mahesh|राम/Ram|श्याम/Shyam|
		कृष्ण/Krishna/Krishan|हरीश/Harish|योगेश/Yogesh|सतीश/Satish|मुकेश/Mukesh|पंकज/Pankaj`), 6)
	female := zipf(spellings(`प्रिया/Priya|पूजा/Pooja/Puja|सुनीता/Sunita|अनीता/Anita|नेहा/Neha|रीता/Rita/Reeta|
		कविता/Kavita|सीमा/Seema/Sima|ज्योति/Jyoti|अंजलि/Anjali|पूनम/Poonam/Punam|सरिता/Sarita|ममता/Mamta/Mamata|
		रेखा/Rekha|ऊषा/Usha|गीता/Geeta/Gita|लक्ष्मी/Lakshmi/Laxmi|मीना/Meena/Mina|दिव्या/Divya|स्वाति/Swati|
		प्रियंका/Priyanka|निशा/Nisha|आरती/Aarti/Arti|शालिनी/Shalini|राधा/Radha|सोनिया/Sonia/Soniya|किरण/Kiran|
		मधु/Madhu|रश्मि/Rashmi|श्वेता/Shweta/Sweta`), 6)
	family := zipf(spellings(`शर्मा/Sharma|वर्मा/Verma/Varma|सिंह/Singh|कुमार/Kumar|गुप्ता/Gupta|यादव/Yadav|पटेल/Patel|
		मिश्रा/Mishra/Misra|जैन/Jain|चौहान/Chauhan|श्रीवास्तव/Srivastava/Shrivastava|अग्रवाल/Agarwal/Agrawal|
		चौधरी/Chaudhary/Choudhary|तिवारी/Tiwari/Tewari|पांडे/Pandey/Pande|दुबे/Dubey/Dube|शुक्ला/Shukla|
		त्रिपाठी/Tripathi|जोशी/Joshi|सक्सेना/Saxena|राठौर/Rathore/Rathour|ठाकुर/Thakur|मेहता/Mehta|कपूर/Kapoor/Kapur|
		मल्होत्रा/Malhotra|खन्ना/Khanna|भाटिया/Bhatia|अरो`+"\u095C"+`ा/Arora|सेठी/Sethi|गोयल/Goyal|बंसल/Bansal|
		मित्तल/Mittal|राव/Rao|नायर/Nair|रेड्डी/Reddy|दास/Das|बोस/Bose|मुखर्जी/Mukherjee/Mukherji|
		बनर्जी/Banerjee/Banerji|चटर्जी/Chatterjee/Chatterji`), 6)
	kumar, devi, kumari := spelling{"कुमार", "Kumar"}, spelling{"देवी", "Devi"}, spelling{"कुमारी", "Kumari"}
	return &culture{
		name: "Hindi", weight: 7,
		systems: []writingSystem{
			{name: "Devanagari", script: scriptDevanagari},
			{name: "Latin", script: scriptLatin},
			{name: "Latin, other spelling", script: scriptLatin},
		},
		stored:        systemShares(25, 55, 20),
		nationalities: countryShares("IND:95|NPL:3|GBR:2"),
		make: func(r *rng, f bool) personName {
			n := personName{first: male.pick(r), family: []spelling{family.pick(r)}}
			switch {
			case f:
				n.first = female.pick(r)
				switch u := r.intn(20); {
				case u < 2:
					n.middle = []spelling{devi}
				case u < 5:
					n.middle = []spelling{kumari}
				}
			case r.chance(0.3) && n.family[0][1] != "Kumar":
				n.middle = []spelling{kumar}
			}
			return n
		},
	}
}
