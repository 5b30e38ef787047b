package synth

// Holder names, in the Latin transliteration a passport's data page prints,
// by the issuing country's region. They are common names, so the data looks
// like a real register without naming anyone in particular; the persons kind
// will add names in their own scripts.
type namePool struct {
	surnames, female, male []string
}

var namesByRegion = map[string]namePool{
	"Europe": {
		surnames: []string{"Martin", "Bernard", "Dubois", "Müller", "Schmidt", "Schneider", "Fischer", "Rossi", "Russo", "Ferrari",
			"García", "Fernández", "López", "Smith", "Jones", "Williams", "Brown", "Nowak", "Kowalski", "Wiśniewski",
			"Jansen", "de Vries", "Peeters", "Andersson", "Johansson", "Nielsen", "Popescu", "Papadopoulos", "Ivanov", "Kovalenko",
			"Horvat", "Novák", "Silva", "Santos", "Murphy", "O'Brien", "Virtanen", "Hansen", "Yılmaz", "Kaya"},
		female: []string{"Marie", "Anna", "Sophie", "Laura", "Giulia", "Lucía", "Emma", "Olivia", "Zofia", "Julia",
			"Eva", "Ingrid", "Maria", "Elena", "Ioana", "Sofia", "Katarzyna", "Chiara", "Léa", "Hanna"},
		male: []string{"Jean", "Pierre", "Thomas", "Lukas", "Maximilian", "Marco", "Luca", "Javier", "Carlos", "James",
			"Oliver", "Jakub", "Piotr", "Jan", "Lars", "Mikael", "Andrei", "Giorgos", "Dmitri", "Mehmet"},
	},
	"Americas": {
		surnames: []string{"Smith", "Johnson", "Williams", "Brown", "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
			"da Silva", "dos Santos", "Oliveira", "Souza", "Pereira", "Ramírez", "Torres", "Flores", "Rivera", "Gómez",
			"Díaz", "Morales", "Castillo", "Jiménez", "Vargas", "Rojas", "Tremblay", "Gagnon", "Roy", "Campbell"},
		female: []string{"Mary", "Jennifer", "Emily", "Ashley", "María", "Ana", "Camila", "Valentina", "Isabella", "Gabriela",
			"Fernanda", "Juliana", "Sofía", "Daniela", "Chloé"},
		male: []string{"James", "John", "Michael", "David", "José", "Juan", "Luis", "Carlos", "Miguel", "Pedro",
			"João", "Gabriel", "Mateo", "Santiago", "Étienne"},
	},
	"Asia": {
		surnames: []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Kim", "Lee",
			"Park", "Choi", "Sato", "Suzuki", "Takahashi", "Tanaka", "Nguyen", "Tran", "Le", "Kumar",
			"Sharma", "Singh", "Patel", "Khan", "Ahmed", "Hossain", "Rahman", "Hussein", "Al-Sayed", "Haddad",
			"Cohen", "Levi", "Santos", "Reyes", "Cruz", "Wijaya", "Tan", "Lim", "Karimov", "Nazarbayev"},
		female: []string{"Wei", "Fang", "Jing", "Min-ji", "Seo-yeon", "Yui", "Sakura", "Linh", "Priya", "Aisha",
			"Fatima", "Noor", "Maryam", "Siti", "Mei", "Ananya", "Yuna", "Dilnoza"},
		male: []string{"Wei", "Jun", "Hao", "Min-jun", "Ji-ho", "Haruto", "Ren", "Minh", "Rahul", "Arjun",
			"Mohammed", "Ali", "Omar", "Ahmad", "Budi", "Rizal", "Yusuf", "Timur"},
	},
	"Africa": {
		surnames: []string{"Okafor", "Adeyemi", "Okonkwo", "Mensah", "Owusu", "Boateng", "Diallo", "Traoré", "Coulibaly", "Keita",
			"Ndiaye", "Diop", "Mwangi", "Otieno", "Kamau", "Nkosi", "Dlamini", "Mokoena", "Abebe", "Tesfaye",
			"Mohamed", "Hassan", "Ibrahim", "Benali", "El Amrani", "Mansour", "Banda", "Phiri", "Moyo", "Kabila"},
		female: []string{"Amina", "Fatoumata", "Aïcha", "Ngozi", "Chiamaka", "Akosua", "Wanjiru", "Thandiwe", "Nomvula", "Selam",
			"Halima", "Khadija", "Mariam", "Zanele", "Adaeze"},
		male: []string{"Chinedu", "Emeka", "Kwame", "Kofi", "Mamadou", "Moussa", "Ousmane", "Juma", "Sipho", "Thabo",
			"Tesfaye", "Youssef", "Karim", "Ibrahim", "Abdoulaye"},
	},
	"Oceania": {
		surnames: []string{"Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Ngata", "Tupou", "Fifita", "Nakamura",
			"Tuilagi", "Kaufana", "Waqa", "Tamapua", "Kealoha"},
		female: []string{"Charlotte", "Olivia", "Amelia", "Mere", "Losana", "Sela", "Ana", "Leilani"},
		male:   []string{"Jack", "William", "Noah", "Sione", "Tevita", "Aisake", "Manu", "Kai"},
	},
}
