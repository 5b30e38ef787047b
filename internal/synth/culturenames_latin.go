package synth

// Cultures written in the Latin script, where registers differ by accents
// (Müller, MUELLER, Muller) and by spelling custom (Muhammadu, Mohammed).
// Names are common ones, ordered roughly by frequency; none is meant to be
// anyone in particular.

// other picks from w a name other than not (a middle name that is not the
// first name again), giving up after a few tries.
func other(r *rng, w weighted[spelling], not spelling) spelling {
	s := w.pick(r)
	for try := 0; try < 4 && s[0] == not[0]; try++ {
		s = w.pick(r)
	}
	return s
}

// compose glues a front and a back into a family name (Ash+ford,
// Stein+bach): the long tail of rare family names real registers have.
func compose(r *rng, front, back []spelling) spelling {
	return spelling{pick(r, front)[0] + pick(r, back)[0]}
}

// westernName is first name, maybe a middle name, and one family name,
// a share of them composed.
func westernName(r *rng, given weighted[spelling], middle float64, family weighted[spelling], composed float64, front, back []spelling) personName {
	n := personName{first: given.pick(r)}
	if r.chance(middle) {
		n.middle = []spelling{other(r, given, n.first)}
	}
	if len(front) > 0 && r.chance(composed) {
		n.family = []spelling{compose(r, front, back)}
	} else {
		n.family = []spelling{family.pick(r)}
	}
	return n
}

func english() *culture {
	male := zipf(spellings(`James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|
		Matthew|Anthony|Mark|Paul|Steven|Andrew|Kenneth|Joshua|George|Kevin|Brian|Edward|Ronald|Timothy|Jason|Jeffrey|
		Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|
		Patrick|Jack|Dennis|Jerry|Tyler|Aaron|Henry|Oliver|Harry|Liam|Connor|Callum|Declan|Wayne|Shane|Darren|Craig`), 6)
	female := zipf(spellings(`Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|
		Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Dorothy|Melissa|Deborah|Stephanie|Rebecca|
		Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Shirley|Anna|Brenda|Pamela|Emma|Nicole|Helen|Samantha|Katherine|
		Christine|Rachel|Catherine|Heather|Charlotte|Sophie|Chloe|Megan|Siobhan|Aoife|Kylie|Tracey`), 6)
	family := zipf(spellings(`Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|
		Jackson|Martin|Lee|Thompson|White|Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Hill|Green|
		Adams|Baker|Nelson|Carter|Mitchell|Roberts|Turner|Phillips|Campbell|Parker|Evans|Edwards|Collins|Stewart|
		Morris|Murphy|Cook|Rogers|Morgan|Cooper|Peterson|Bailey|Reed|Kelly|Howard|Cox|Ward|Richardson|Watson|Brooks|
		Wood|James|Bennett|Gray|Hughes|Price|Sanders|Myers|Long|Ross|Foster|Powell|Jenkins|Perry|Russell|Sullivan|
		Bell|Coleman|Butler|Henderson|Barnes|Fisher|Henry|Graham|Hamilton|Wallace|Woods|Cole|West|Jordan|Owens|
		Reynolds|Ellis|Harrison|Gibson|McDonald|Marshall|Murray|Ford|Hayes|Gordon|Kennedy|Wells|Hunt|Palmer|Black|
		Robertson|Stevens|Holmes|Mills|Rose|Armstrong|Knight|Ferguson|Shaw|Dixon|Hunter|Hart|Lawrence|Fletcher|
		Chapman|Byrne|O'Brien|O'Connor|O'Neill|McCarthy|Walsh|Doyle|Quinn|Gallagher|MacLeod|Fraser|Davies|
		Lloyd|Pritchard|Llewellyn|Vaughan`), 12)
	front := spellings(`Ash|Black|Brad|Brook|Craw|Whit|Hart|Stan|Wood|Hol|Lang|Thorn|Fair|Wake|Red|Green|Bright|
		Shel|Wel|Dun|Kings|Pem|Cald|Ather|Brom|Chal|Ells|Hather|Mar|Ox|Pen|Rad|Rush|Sand|Stock|Went|Whe|Win`)
	back := spellings(`ford|wood|ley|ton|well|field|more|by|worth|ham|dale|hurst|bury|croft|shaw|stead|brook|combe|land|ridge|ington`)
	return &culture{
		name: "English", weight: 10,
		systems:       []writingSystem{{name: "English", script: scriptLatin}},
		stored:        systemShares(1),
		nationalities: countryShares("USA:40|GBR:30|CAN:8|AUS:8|IRL:5|NZL:3|ZAF:3|JAM:3"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return westernName(r, given, 0.5, family, 0.3, front, back)
		},
	}
}

// accented are the systems of a culture whose names carry accents: as
// written at home, and the upper-case ASCII of travel documents.
func accented(german bool) []writingSystem {
	return []writingSystem{
		{name: "native", script: scriptLatin},
		{name: "ICAO 9303", script: scriptLatin, derive: icaoLatin(german)},
	}
}

func spanish() *culture {
	male := zipf(spellings(`José|Juan|Carlos|Luis|Miguel|Francisco|Antonio|Manuel|Javier|Alejandro|Pedro|Jorge|Diego|
		Jesús|Rafael|Fernando|Sergio|Pablo|Ángel|Andrés|Ricardo|Eduardo|Roberto|Daniel|Raúl|Óscar|Alberto|Enrique|Ramón|
		Víctor|Héctor|Santiago|Mateo|Sebastián|Gabriel|Martín|Emilio|Joaquín|Iván|Rubén|Guillermo|Gustavo|Ignacio|Julio`), 6)
	female := zipf(spellings(`María|Carmen|Ana|Isabel|Laura|Lucía|Marta|Elena|Sofía|Paula|Guadalupe|Rosa|Patricia|
		Cristina|Teresa|Pilar|Dolores|Mercedes|Andrea|Valentina|Camila|Daniela|Gabriela|Fernanda|Verónica|Claudia|
		Beatriz|Raquel|Silvia|Alejandra|Natalia|Julia|Inés|Rocío|Lorena|Ximena|Adriana|Mónica|Susana|Yolanda`), 6)
	family := zipf(spellings(`García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|
		Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil|
		Ramírez|Serrano|Blanco|Molina|Morales|Suárez|Ortega|Delgado|Castro|Ortiz|Rubio|Marín|Sanz|Núñez|Iglesias|
		Medina|Garrido|Cortés|Castillo|Santos|Lozano|Guerrero|Cano|Prieto|Méndez|Cruz|Calvo|Gallego|Vidal|León|
		Márquez|Herrera|Peña|Flores|Cabrera|Campos|Vega|Fuentes|Carrasco|Díez|Caballero|Reyes|Nieto|Aguilar|Pascual|
		Santana|Herrero|Lorenzo|Montero|Hidalgo|Giménez|Ibáñez|Ferrer|Durán|Santiago|Benítez|Mora|Vicente|Vargas|
		Arias|Carmona|Crespo|Román|Pastor|Soto|Sáez|Velasco|Moya|Soler|Parra|Esteban|Bravo|Gallardo|Rojas|Quintero|
		Salazar|Mendoza|Rivera|Espinoza|Valencia|Zapata|Acosta|Villanueva|Cárdenas|Pineda|Zamora|Ochoa|Escobar`), 8)
	return &culture{
		name: "Spanish", weight: 9,
		systems:       accented(false),
		stored:        systemShares(80, 20),
		nationalities: countryShares("MEX:25|ESP:20|COL:12|ARG:10|PER:7|VEN:7|CHL:6|ECU:4|GTM:3|CUB:3|DOM:3|BOL:2"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			// Two family names, the father's then the mother's; a
			// compound given name (José Luis, María José) is common.
			n := personName{first: given.pick(r), family: []spelling{family.pick(r)}}
			if r.chance(0.35) {
				n.middle = []spelling{other(r, given, n.first)}
			}
			if r.chance(0.9) {
				n.family = append(n.family, other(r, family, n.family[0]))
			}
			return n
		},
	}
}

func portuguese() *culture {
	male := zipf(spellings(`João|José|António|Francisco|Manuel|Pedro|Paulo|Luís|Carlos|Miguel|Rui|Tiago|Gabriel|
		Lucas|Rafael|Gustavo|Mateus|Bruno|Marcelo|Rodrigo|Fernando|Ricardo|Eduardo|Diogo|Gonçalo|Vítor|Sérgio|
		Leonardo|Felipe|Thiago|Anderson|Márcio|Fábio|Renato|Júlio`), 6)
	female := zipf(spellings(`Maria|Ana|Joana|Mariana|Beatriz|Inês|Catarina|Sofia|Francisca|Conceição|Juliana|Fernanda|
		Patrícia|Aline|Camila|Letícia|Larissa|Vanessa|Cláudia|Sandra|Luciana|Adriana|Raquel|Rita|Teresa|Helena|
		Bruna|Carolina|Gabriela|Márcia|Renata|Tatiana|Daniela|Vera|Sónia`), 6)
	family := zipf(spellings(`da Silva|dos Santos|Ferreira|Pereira|Oliveira|Costa|Rodrigues|Martins|de Jesus|Sousa|
		Fernandes|Gonçalves|Gomes|Lopes|Marques|Alves|Almeida|Ribeiro|Pinto|Carvalho|Teixeira|Moreira|Correia|Mendes|
		Nunes|Soares|Vieira|Monteiro|Cardoso|Rocha|Neves|Coelho|Cruz|Cunha|Pires|Ramos|Reis|Simões|Antunes|Matos|
		Fonseca|Machado|Araújo|Barbosa|Tavares|Lourenço|Souza|Lima|Nascimento|Barros|Freitas|Azevedo|Castro|Campos|
		Batista|Dias|Moura|Cavalcanti|Brandão|Magalhães|Figueiredo|Guimarães|Andrade|Medeiros|Assunção|Conceição`), 6)
	return &culture{
		name: "Portuguese", weight: 5,
		systems:       accented(false),
		stored:        systemShares(80, 20),
		nationalities: countryShares("BRA:60|PRT:30|AGO:5|MOZ:5"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			// The mother's family name, then the father's.
			n := personName{first: given.pick(r)}
			if r.chance(0.5) {
				n.middle = []spelling{other(r, given, n.first)}
			}
			last := family.pick(r)
			if r.chance(0.7) {
				n.family = []spelling{other(r, family, last)}
			}
			n.family = append(n.family, last)
			return n
		},
	}
}

func french() *culture {
	male := zipf(spellings(`Jean|Pierre|Michel|Philippe|Alain|Nicolas|Christophe|Patrick|Daniel|François|Éric|Laurent|
		Frédéric|Stéphane|Sébastien|Julien|Olivier|Thierry|Jean-Pierre|Jean-Claude|Jean-Luc|Bernard|Dominique|
		Antoine|Guillaume|Mathieu|Maxime|Alexandre|Benoît|Jérôme|Thomas|Hugo|Lucas|Théo|Mohamed|Karim|Yannick|Hervé|
		Gérard|Didier|Rémi|Cédric|Loïc|Gaël`), 6)
	female := zipf(spellings(`Marie|Nathalie|Isabelle|Sylvie|Catherine|Françoise|Sandrine|Céline|Valérie|Christine|
		Sophie|Aurélie|Camille|Léa|Chloé|Manon|Stéphanie|Véronique|Martine|Monique|Nicole|Émilie|Julie|Caroline|
		Anne-Sophie|Marie-Claire|Hélène|Brigitte|Virginie|Élodie|Laetitia|Mélanie|Amélie|Pauline|Claire|Océane|
		Inès|Sarah|Fatima|Agnès|Danièle|Geneviève`), 6)
	family := zipf(spellings(`Martin|Bernard|Thomas|Petit|Robert|Richard|Durand|Dubois|Moreau|Laurent|Simon|Michel|
		Lefebvre|Leroy|Roux|David|Bertrand|Morel|Fournier|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|Vincent|
		Muller|Lefèvre|Faure|André|Mercier|Blanc|Guérin|Boyer|Garnier|Chevalier|François|Legrand|Gauthier|Garcia|
		Perrin|Robin|Clément|Morin|Nicolas|Henry|Roussel|Mathieu|Gautier|Masson|Marchand|Duval|Denis|Dumont|Marie|
		Lemaire|Noël|Meyer|Dufour|Meunier|Brun|Blanchard|Giraud|Joly|Rivière|Lucas|Brunet|Gaillard|Barbier|Arnaud|
		Gérard|Roche|Renard|Schmitt|Roy|Leroux|Colin|Vidal|Caron|Picard|Roger|Fabre|Aubert|Lemoine|Renaud|Dumas|
		Lacroix|Olivier|Bourgeois|Benoît|Rey|Leclerc|Payet|Rolland|Guillaume|Lecomte|Dupuy|Guillot|Hubert|Berger|
		Carpentier|Dupuis|Moulin|Deschamps|Huet|Vasseur|Boucher|Fleury|Royer|Klein|Jacquet|Adam|Poirier|Marty|
		Aubry|Guyot|Carré|Charpentier|Ménard|Maillard|Baron|Bertin|Bailly|Hervé|Le Gall|Collet|Léger|Bouvier|
		Prévost|Millet|Perrot|Le Roux|Cousin|Germain|Breton|Besson|Langlois|Rémy|Le Goff|Pelletier|Lévêque|Perrier|
		Leblanc|Barré|Lebrun|Marchal|Mallet|Hamon|Boulanger|Jacob|Monnier|Michaud|Guichard|Gillet|Étienne|Chauvin`), 10)
	return &culture{
		name: "French", weight: 6,
		systems:       accented(false),
		stored:        systemShares(80, 20),
		nationalities: countryShares("FRA:70|BEL:10|CHE:8|CAN:7|LUX:2|SEN:3"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return westernName(r, given, 0.3, family, 0.35, frenchFront, frenchBack)
		},
	}
}

// frenchFront and frenchBack make the rarer French family names
// (Beauchamp, Montfort, Villeneuve).
var (
	frenchFront = spellings(`Beau|Bon|Mont|Ville|Belle|Champ|Clair|Fonte|Haute|Lange|Mal|Marti|Roche|Val|
		Bois|Grand|Petit|Font|Chastel|Maison|Pont|Cour|Brise|Lar|Malle|Gar|Bourg|Ros|Verd`)
	frenchBack = spellings(`champ|fort|neuve|mont|ville|lier|ard|ier|ot|eau|et|in|aine|ière|onnet|iaux|ault|eux|agne|elle`)
)

func german() *culture {
	male := zipf(spellings(`Peter|Michael|Thomas|Andreas|Wolfgang|Klaus|Jürgen|Stefan|Christian|Uwe|Werner|Hans|
		Frank|Bernd|Lukas|Maximilian|Jonas|Leon|Felix|Günther|Jörg|Björn|Matthias|Markus|Tobias|Florian|Sebastian|
		Dieter|Horst|Manfred|Helmut|Gerhard|Ralf|Sven|Dirk|Torsten|Jan|Tim|Niklas|Moritz|Paul|Karl-Heinz|Hans-Jürgen`), 6)
	female := zipf(spellings(`Ursula|Sabine|Monika|Petra|Claudia|Andrea|Susanne|Birgit|Jutta|Anna|Lena|Lea|Hannah|
		Gisela|Renate|Karin|Brigitte|Ingrid|Helga|Gabriele|Katrin|Nicole|Stefanie|Julia|Katharina|Laura|Sarah|
		Christine|Martina|Heike|Anke|Silke|Dörte|Bärbel|Käthe|Lotte|Greta|Mia|Emilia|Sophie`), 6)
	family := zipf(spellings(`Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|
		Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Schmitt|
		Werner|Schmitz|Krause|Meier|Lehmann|Schmid|Schulze|Maier|Köhler|Herrmann|König|Walter|Mayer|Huber|Kaiser|
		Fuchs|Peters|Lang|Scholz|Möller|Weiß|Jung|Hahn|Schubert|Vogel|Friedrich|Keller|Günther|Frank|Berger|
		Winkler|Roth|Beck|Lorenz|Baumann|Franke|Albrecht|Schuster|Simon|Ludwig|Böhm|Winter|Kraus|Martin|Schumacher|
		Krämer|Vogt|Stein|Jäger|Otto|Sommer|Groß|Seidel|Heinrich|Brandt|Haas|Schreiber|Graf|Schulte|Dietrich|
		Ziegler|Kuhn|Kühn|Pohl|Engel|Horn|Busch|Bergmann|Thomas|Voigt|Sauer|Arnold|Wolff|Pfeiffer|Müller-Lüdenscheidt`), 10)
	front := spellings(`Berg|Stein|Hof|Wald|Rosen|Linden|Eich|Sonnen|Schön|Wein|Brand|Kirch|Gold|Silber|Lichten|
		Hohen|Alt|Neu|Grün|Wies|Fels|Feld|Mühl|Rot|Blum|Hirsch|Löwen|Buch|Dorn|Tann`)
	back := spellings(`mann|berg|feld|bach|hoff|thal|baum|hausen|inger|dorf|meier|brunner|huber|ecker|stätter|wieser|
		bauer|müller|häuser|reiter`)
	systems := accented(true)
	systems = append(systems, writingSystem{name: "plain ASCII", script: scriptLatin, derive: plainLatin})
	return &culture{
		name: "German", weight: 5,
		systems:       systems,
		stored:        systemShares(75, 15, 10),
		nationalities: countryShares("DEU:75|AUT:15|CHE:10"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return westernName(r, given, 0.25, family, 0.3, front, back)
		},
	}
}

func turkish() *culture {
	male := zipf(spellings(`Mehmet|Mustafa|Ahmet|Ali|Hüseyin|Hasan|İbrahim|İsmail|Osman|Yusuf|Murat|Ömer|Ramazan|
		Halil|Süleyman|Abdullah|Mahmut|Recep|Salih|Fatih|Kadir|Emre|Hakan|Yaşar|Serkan|Burak|Onur|Erkan|Volkan|
		Cengiz|Selim|Kemal|Orhan|Tuncay|Gökhan|Uğur|Barış|Özgür|Çağlar|Tolga`), 6)
	female := zipf(spellings(`Fatma|Ayşe|Emine|Hatice|Zeynep|Elif|Meryem|Şerife|Zehra|Sultan|Hanife|Merve|Özlem|
		Büşra|Esra|Yasemin|Derya|Gülsüm|Songül|Sevgi|Aysel|Dilek|Ebru|Gül|Hülya|Nur|Seda|Tuğba|Ümran|Şule|Çiğdem`), 6)
	family := zipf(spellings(`Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|
		Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Özcan|Korkmaz|Çakır|Erdoğan|Yavuz|Can|Acar|Şen|Aktaş|
		Güler|Yalçın|Güneş|Bozkurt|Bulut|Keskin|Ünal|Turan|Gül|Özer|Işık|Kaplan|Avcı|Sarı|Tekin|Taş|Köse|Yüksel|
		Ateş|Aksoy|Karataş|Uçar|Tunç|Altun|Erdem|Coşkun|Başaran|Duman|Kılınç|Karakaya`), 8)
	front := spellings(`Öz|Kara|Ak|Er|Gök|Al|Ay|Ün|Tür|Demir|Bay|Sarı|Gül|Yücel|Ata`)
	back := spellings(`türk|kan|can|demir|soy|han|taş|kaya|oğlu|er|alp|bay|gün|doğan`)
	return &culture{
		name: "Turkish", weight: 5,
		systems:       accented(false),
		stored:        systemShares(70, 30),
		nationalities: countryShares("TUR:92|DEU:5|NLD:3"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return westernName(r, given, 0.25, family, 0.3, front, back)
		},
	}
}

func vietnamese() *culture {
	family := shares(`Nguyễn:38|Trần:11|Lê:9.5|Phạm:7|Hoàng:5.1|Huỳnh:4|Phan:4.5|Vũ:3.9|Võ:3.9|Đặng:2.1|Bùi:2|
		Đỗ:1.4|Hồ:1.3|Ngô:1.3|Dương:1|Lý:0.5|Trương:0.5|Đinh:0.5|Lâm:0.4|Mai:0.3|Trịnh:0.3|Đoàn:0.3|Lưu:0.3|
		Cao:0.3|Tô:0.2|Tạ:0.2|Châu:0.2|La:0.2|Vương:0.2|Hà:0.2|Kiều:0.1|Quách:0.1`)
	middleM := shares(`Văn:40|Đức:8|Minh:8|Hữu:7|Quang:6|Thanh:5|Công:5|Xuân:4|Hoàng:3|Tuấn:3|Ngọc:3|Quốc:4|Gia:3`)
	middleF := shares(`Thị:55|Ngọc:8|Thu:6|Thanh:6|Minh:4|Kim:5|Hồng:4|Phương:3|Mai:3|Bảo:3|Diệu:2`)
	male := zipf(spellings(`Anh|Hùng|Dũng|Tuấn|Minh|Nam|Hải|Long|Sơn|Thắng|Huy|Hiếu|Hòa|Khánh|Phong|Phúc|Quân|
		Việt|Cường|Đức|Hưng|Khoa|Kiên|Lâm|Lộc|Nghĩa|Nhân|Quang|Tâm|Thành|Thịnh|Toàn|Trung|Tú|Vinh|Vũ|Bảo|Đạt|
		An|Bình`), 6)
	female := zipf(spellings(`Hương|Lan|Linh|Mai|Ngọc|Nhung|Phương|Thảo|Trang|Vy|Yến|Hạnh|Hà|Hằng|Hoa|Huyền|
		Loan|Ly|My|Nga|Ngân|Nhi|Oanh|Quỳnh|Tâm|Thủy|Trâm|Uyên|Vân|Xuân|Anh|Châu|Diệp|Giang|Hiền|Khánh|Liên|Thư|
		Tuyết|Hồng`), 6)
	return &culture{
		name: "Vietnamese", weight: 3,
		systems: []writingSystem{
			{name: "native", script: scriptLatin},
			{name: "without diacritics", script: scriptLatin, derive: plainLatin},
		},
		stored:        systemShares(40, 60),
		nationalities: countryShares("VNM:95|USA:3|FRA:2"),
		familyFirst:   true,
		make: func(r *rng, f bool) personName {
			given, middle := male, middleM
			if f {
				given, middle = female, middleF
			}
			n := personName{first: given.pick(r), family: []spelling{family.pick(r)}}
			if r.chance(0.9) {
				n.middle = []spelling{middle.pick(r)}
			}
			return n
		},
	}
}

// Nigerian names: Yoruba with its tone marks and under-dots at home and
// without them abroad (ṣ is written s, or sh in some names: Fáṣọlá,
// Fashola), Igbo mostly without marks, Hausa in the several spellings its
// Arabic-derived names take.

func yoruba() *culture {
	male := zipf(spellings(`Olúwaṣeun/Oluwaseun|Olúmídé|Adébáyọ̀|Adéwálé|Babátúndé|Olúwafẹ́mi|Olúṣẹ́gun/Olusegun|
		Ayọ̀délé|Oládélé|Kẹ́hìndé|Táíwò|Abíọ́dún|Olúwadámilárè|Akínwùmí|Adébọ́lá|Ìdòwú|Bámidélé|Gbénga|Túndé|Fẹ́mi|
		Ṣẹ́gun/Segun|Kúnlé|Dàpọ̀|Tóyìn|Jídé`), 6)
	female := zipf(spellings(`Fọláṣadé/Folashade|Fúnmiláyọ̀|Yétúndé|Bùkọ́lá|Tèmítọ́pẹ́|Dàmilọ́lá|Olúwatóyìn|
		Morẹ́nikẹ́|Adérónkẹ́|Títílayọ̀|Ìbùkún|Kẹ́hìndé|Táíwò|Abímbọ́lá|Ọlábísí|Ṣadé/Shade|Fúnkẹ́|Bọ́lá|Yéwándé|
		Olúwakẹ́mi|Ìyábọ̀dé`), 6)
	family := zipf(spellings(`Adéyẹmí|Ògúnlẹ́yẹ|Adébáyọ̀|Balógun|Oládipọ̀|Afọlábí|Ògúnbànjọ|Adéléke|Ọlátúnjí|Bánkọ́lé|
		Akínọlá|Adéníyì|Òjó|Ògúndípẹ̀|Akíndélé|Fáṣọlá/Fashola|Ajíbádé|Olúwọlé|Oyèwọ̀lé|Adébísí|Ọlọ́rundá|Àlàbí|
		Ìṣọ̀lá/Ishola|Ọládèjọ|Ọbásanjọ́|Ṣóyínká/Soyinka|Adémọ́lá|Ọdúnlámì|Ọ̀kẹ́/Oke|Akínlàdé`), 8)
	return &culture{
		name: "Yoruba", weight: 2,
		systems: []writingSystem{
			{name: "native", script: scriptLatin},
			{name: "without diacritics", script: scriptLatin, derive: plainLatin},
		},
		stored:        systemShares(25, 75),
		nationalities: countryShares("NGA:95|GBR:3|BEN:2"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return westernName(r, given, 0.4, family, 0, nil, nil)
		},
	}
}

func igbo() *culture {
	male := zipf(spellings(`Chukwuemeka|Chinedu|Obinna|Ifeanyi|Nnamdi|Emeka|Ikenna|Chidi|Uchenna|Chibuike|Ikechukwu|
		Kelechi|Tochukwu|Chukwudi|Onyekachi|Okechukwu|Chinonso|Ebuka|Somtochukwu|Chijioke|Nonso|Kenechukwu`), 6)
	female := zipf(spellings(`Ngozi|Chiamaka|Adaeze|Nneka|Amaka|Chioma|Obiageli|Uju|Ifeoma|Nkechi|Chinwe|Oluchi|
		Ebere|Chidinma|Ugochi|Adanna|Chinenye|Nkiru|Ogechi|Uchechi|Chinyere`), 6)
	family := zipf(spellings(`Okafor|Okonkwo|Eze|Nwosu|Okeke|Nwankwo|Obi|Chukwu|Okoro|Ibe|Nwachukwu|Uzor|Anyanwu|
		Ogbonna|Okoye|Onyeka|Nwafor|Ezeh|Okolie|Ugwu|Nnaji|Odinaka|Igwe|Agu|Mbah|Obiora|Onwuka|Okpara|Ezeani|
		Nwabueze|Ikeji|Onuoha|Ezekwesili|Chukwuma|Nwokolo`), 8)
	return &culture{
		name: "Igbo", weight: 1.5,
		systems:       []writingSystem{{name: "native", script: scriptLatin}},
		stored:        systemShares(1),
		nationalities: countryShares("NGA:95|GBR:5"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return westernName(r, given, 0.4, family, 0, nil, nil)
		},
	}
}

func hausa() *culture {
	male := zipf(spellings(`Muhammadu/Mohammed|Abubakar/Aboubakar|Ibrahim|Usman/Othman|Aliyu/Aliu|Sani|Bello|
		Musa/Moussa|Yusuf/Yusufu|Aminu|Abdullahi/Abdallah|Umar/Umaru|Haruna/Harouna|Isa/Issa|Suleiman/Sulaiman|
		Garba|Lawal/Lawan|Nasiru/Nasir|Bashir/Bashiru|Kabiru/Kabir|Shehu/Shaibu|Mustapha/Mustafa|Idris/Idrisu`), 5)
	female := zipf(spellings(`Hauwa/Hawa|Aisha/Aishatu|Fatima/Fatimatu|Zainab/Zainabu|Hadiza|Amina/Aminatu|
		Halima/Halimatu|Maryam/Mariya|Khadija/Hadijatu|Safiya/Safiyya|Rabi/Rabiatu|Asmau/Asma'u|Bilkisu/Bilkis|
		Jamila/Jamilatu|Hafsat/Hafsatu`), 5)
	family := zipf(spellings(`Bello|Abubakar|Mohammed/Muhammad|Danjuma|Yakubu/Yakub|Garba|Lawal|Suleiman/Sulaiman|
		Umar/Umaru|Sani|Dikko|Shehu|Abdullahi|Ibrahim|Musa|Aliyu|Yusuf|Usman/Othman|Haruna|Adamu/Adam|Tanko|Dantata|
		Gwarzo|Bappa|Jibrin/Jibril|Mai Kano|Dan Fodio`), 6)
	return &culture{
		name: "Hausa", weight: 1.5,
		systems: []writingSystem{
			{name: "Nigerian usage", script: scriptLatin},
			{name: "Arabic-style usage", script: scriptLatin},
		},
		stored:        systemShares(70, 30),
		nationalities: countryShares("NGA:90|NER:8|GHA:2"),
		patronymic:    true,
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			// Often the father's name before the family name.
			n := personName{first: given.pick(r), family: []spelling{family.pick(r)}}
			if r.chance(0.5) {
				n.middle = []spelling{other(r, male, n.first)}
			}
			return n
		},
	}
}
