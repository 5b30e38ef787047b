package names

// commonNames holds the folded spellings of given and family names borne by
// so many people that a name made only of them identifies nobody (Wang Wei,
// Mohammed Ali, Kim Min-jun, John Smith). Score lowers the weight of such a
// name so that it needs a birth date or other evidence to reach the match
// threshold. The list is short on purpose: a name missing from it is merely
// treated like any other.
var commonNames = foldSet(
	// Chinese family names and given-name syllables.
	"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou",
	"xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao", "zheng",
	"liang", "xie", "tang", "wei", "fang", "min", "jing", "qiang", "lei", "jun",
	"yong", "yan", "jie", "tao", "ming", "chao", "xiu", "ying", "hua", "ping",
	"hong", "yu", "xin", "na",
	// Korean.
	"kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim",
	// Vietnamese.
	"nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "ngo",
	"duong", "van", "thi", "anh", "minh", "linh",
	// Arabic, Persian, Turkish.
	"mohammed", "muhammad", "mohamed", "mohammad", "muhamed", "mohamad",
	"mehmet", "ahmed", "ahmad", "ahmet", "ali", "hassan", "hasan", "hussein",
	"husain", "hussain", "hossein", "mahmoud", "mahmud", "omar", "umar",
	"abdullah", "abdallah", "ibrahim", "khaled", "khalid", "youssef", "yusuf",
	"yousef", "mustafa", "mostafa", "abd", "yilmaz", "kaya", "demir",
	// English.
	"john", "james", "robert", "michael", "william", "david", "richard",
	"joseph", "thomas", "charles", "mary", "patricia", "jennifer", "linda",
	"elizabeth", "smith", "johnson", "williams", "brown", "jones", "miller",
	"davis", "wilson",
	// Spanish and Portuguese.
	"jose", "juan", "maria", "carlos", "luis", "antonio", "manuel", "francisco",
	"garcia", "rodriguez", "martinez", "hernandez", "lopez", "gonzalez",
	"perez", "sanchez", "ramirez", "silva", "santos", "oliveira", "souza",
	"pereira",
	// South Asian.
	"kumar", "singh", "sharma", "ram", "raj", "devi", "khan",
	// Russian and German.
	"ivanov", "smirnov", "kuznetsov", "popov", "sergei", "alexander",
	"aleksandr", "ivan", "dmitry", "andrei", "vladimir", "olga", "elena",
	"tatiana", "natalia", "muller", "schmidt", "schneider", "fischer", "weber",
	"meyer",
)

func foldSet(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[string(fold(nil, []byte(n)))] = true
	}
	return m
}
