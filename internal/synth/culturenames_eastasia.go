package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chinese, Korean and Japanese names. Chinese and Korean given names are
// made of syllables, each a character with its reading, so the same name
// can be written in characters and in the romanizations in use: a few
// hundred syllables give the many given names real registers hold, over
// family names that are few and very common (Li, Wang, Zhang; Kim, Lee).

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// syllable is one character of a given name and its romanizations.
type syllable struct{ native, latin, alt string }

// syllables parses "伟:wei|芳:fang" or, with a second romanization,
// "민:min:min|준:jun:joon".
func syllables(text string) []syllable {
	var out []syllable
	for _, item := range strings.Split(text, "|") {
		parts := strings.Split(strings.TrimSpace(item), ":")
		if len(parts) < 2 {
			continue
		}
		s := syllable{native: parts[0], latin: parts[1], alt: parts[1]}
		if len(parts) > 2 {
			s.alt = parts[2]
		}
		out = append(out, s)
	}
	return out
}

func chinese() *culture {
	family := shares(`李/Li:7.9|王/Wang:7.4|张/Zhang:7.1|刘/Liu:5.4|陈/Chen:4.5|杨/Yang:3.1|赵/Zhao:2.3|黄/Huang:2.2|
		周/Zhou:2.1|吴/Wu:2.0|徐/Xu:1.7|孙/Sun:1.5|胡/Hu:1.3|朱/Zhu:1.3|高/Gao:1.2|林/Lin:1.2|何/He:1.2|郭/Guo:1.1|
		马/Ma:1.1|罗/Luo:0.9|梁/Liang:0.9|宋/Song:0.8|郑/Zheng:0.8|谢/Xie:0.7|韩/Han:0.7|唐/Tang:0.6|冯/Feng:0.6|
		于/Yu:0.6|董/Dong:0.5|萧/Xiao:0.5|程/Cheng:0.5|曹/Cao:0.5|袁/Yuan:0.5|邓/Deng:0.5|许/Xu:0.5|傅/Fu:0.4|
		沈/Shen:0.4|曾/Zeng:0.4|彭/Peng:0.4|吕/Lü/LYU:0.4|苏/Su:0.4|卢/Lu:0.4|蒋/Jiang:0.4|蔡/Cai:0.4|贾/Jia:0.3|
		丁/Ding:0.3|魏/Wei:0.3|薛/Xue:0.3|叶/Ye:0.3|阎/Yan:0.3|余/Yu:0.3|潘/Pan:0.3|杜/Du:0.3|戴/Dai:0.3|夏/Xia:0.3|
		钟/Zhong:0.3|汪/Wang:0.3|田/Tian:0.3|任/Ren:0.3|姜/Jiang:0.3|范/Fan:0.3|方/Fang:0.3|石/Shi:0.3|姚/Yao:0.3|
		谭/Tan:0.2|廖/Liao:0.2|邹/Zou:0.2|熊/Xiong:0.2|金/Jin:0.2|陆/Lu:0.2|郝/Hao:0.2|孔/Kong:0.2|白/Bai:0.2|
		崔/Cui:0.2|康/Kang:0.2|毛/Mao:0.2|邱/Qiu:0.2|秦/Qin:0.2|江/Jiang:0.2|史/Shi:0.2|顾/Gu:0.2|侯/Hou:0.2|
		邵/Shao:0.2|孟/Meng:0.2|龙/Long:0.2|万/Wan:0.2|段/Duan:0.2|雷/Lei:0.2|钱/Qian:0.2|汤/Tang:0.2|尹/Yin:0.2|
		黎/Li:0.2|易/Yi:0.2|常/Chang:0.2|武/Wu:0.2|乔/Qiao:0.2|贺/He:0.2|赖/Lai:0.2|龚/Gong:0.2|文/Wen:0.2|
		欧阳/Ouyang:0.05|司马/Sima:0.02|诸葛/Zhuge:0.01`)
	male := zipf(syllables(`伟:wei|强:qiang|磊:lei|军:jun|洋:yang|勇:yong|杰:jie|涛:tao|明:ming|超:chao|刚:gang|
		华:hua|文:wen|建:jian|国:guo|志:zhi|海:hai|宇:yu|浩:hao|鹏:peng|晨:chen|俊:jun|博:bo|天:tian|晓:xiao|东:dong|
		立:li|新:xin|成:cheng|辉:hui|斌:bin|龙:long|飞:fei|波:bo|宁:ning|金:jin|瑞:rui|亮:liang|帅:shuai|鑫:xin|
		轩:xuan|睿:rui|一:yi|嘉:jia|家:jia|永:yong|德:de|光:guang|卫:wei|清:qing|荣:rong|振:zhen|峰:feng|彬:bin|
		阳:yang|兴:xing|安:an|宏:hong|泽:ze|铭:ming|子:zi|小:xiao|春:chun|平:ping|云:yun|忠:zhong|庆:qing|松:song`), 8)
	female := zipf(syllables(`芳:fang|娜:na|敏:min|静:jing|丽:li|艳:yan|娟:juan|秀:xiu|霞:xia|桂:gui|英:ying|
		玉:yu|红:hong|小:xiao|欣:xin|婷:ting|雪:xue|梅:mei|琳:lin|佳:jia|子:zi|思:si|雨:yu|晓:xiao|春:chun|兰:lan|
		凤:feng|慧:hui|颖:ying|丹:dan|晶:jing|倩:qian|萍:ping|燕:yan|诗:shi|梓:zi|涵:han|琴:qin|淑:shu|美:mei|
		悦:yue|怡:yi|欢:huan|平:ping|华:hua|云:yun|嘉:jia|文:wen|宁:ning|月:yue|莉:li|洁:jie|蕾:lei|璐:lu`), 8)
	return &culture{
		name: "Chinese", weight: 9,
		systems: []writingSystem{
			{name: "characters", script: scriptHan},
			{name: "pinyin", script: scriptLatin},
			{name: "pinyin, family name in capitals and given name hyphenated", script: scriptLatin},
		},
		stored:        systemShares(45, 40, 15),
		nationalities: countryShares("CHN:90|SGP:5|MYS:5"),
		familyFirst:   true,
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			fam := family.pick(r)
			upper := strings.ToUpper(fam[len(fam)-1])
			n := personName{family: []spelling{{fam[0], fam[1], upper}}}
			a := given.pick(r)
			if r.chance(0.2) { // a one-character given name: Wang Wei
				n.first = spelling{a.native, capitalize(a.latin), capitalize(a.latin)}
				return n
			}
			b := given.pick(r)
			for try := 0; try < 4 && b.native == a.native; try++ {
				b = given.pick(r)
			}
			n.first = spelling{a.native + b.native, capitalize(a.latin + b.latin), capitalize(a.latin) + "-" + capitalize(b.latin)}
			return n
		},
	}
}

func korean() *culture {
	// Family names: Hangul, the spelling passports use, the one Revised
	// Romanization gives where people use it, an older spelling.
	family := shares(`김/Kim/Kim/Kim:21.5|이/Lee/Lee/Yi:14.7|박/Park/Park/Pak:8.4|최/Choi/Choi/Choe:4.7|
		정/Jung/Jeong/Chung:4.4|강/Kang:2.3|조/Cho/Jo/Cho:2.1|윤/Yoon/Yun/Yun:2.1|장/Jang/Jang/Chang:2.0|
		임/Lim/Im/Rim:1.7|한/Han:1.5|오/Oh:1.5|서/Seo/Seo/Suh:1.5|신/Shin/Sin/Shin:1.5|권/Kwon/Gwon/Kwon:1.4|
		황/Hwang:1.4|안/Ahn/An/Ahn:1.4|송/Song:1.3|류/Ryu/Ryu/Yoo:1.1|전/Jeon/Jeon/Chun:1.1|홍/Hong:1.1|
		고/Ko/Go/Ko:0.9|문/Moon/Mun/Moon:0.9|양/Yang:0.9|손/Son/Son/Sohn:0.9|배/Bae:0.8|백/Baek/Baek/Paik:0.7|
		허/Heo/Heo/Hur:0.6|남/Nam:0.6|심/Shim/Sim/Shim:0.5|노/Noh/No/Roh:0.4|하/Ha:0.4|곽/Kwak/Gwak/Kwak:0.4|
		성/Sung/Seong/Sung:0.4|차/Cha:0.4|주/Joo/Ju/Chu:0.4|우/Woo/U/Woo:0.4|구/Koo/Gu/Ku:0.4|민/Min:0.3`)
	// Syllables: Hangul, Revised Romanization, the spelling many prefer.
	male := zipf(syllables(`민:min:min|준:jun:joon|지:ji:ji|현:hyeon:hyun|우:u:woo|도:do:do|성:seong:sung|
		재:jae:jae|동:dong:dong|상:sang:sang|철:cheol:chul|용:yong:yong|태:tae:tae|석:seok:suk|훈:hun:hoon|
		규:gyu:kyu|정:jeong:jung|영:yeong:young|진:jin:jin|혁:hyeok:hyuk|건:geon:gun|승:seung:seung|기:gi:ki|
		호:ho:ho|원:won:won|주:ju:joo|수:su:soo|빈:bin:bin|시:si:shi|윤:yun:yoon`), 6)
	female := zipf(syllables(`서:seo:suh|연:yeon:yun|지:ji:ji|민:min:min|수:su:soo|영:yeong:young|혜:hye:hye|
		은:eun:eun|하:ha:ha|예:ye:yeh|유:yu:yoo|나:na:na|경:gyeong:kyung|희:hui:hee|미:mi:mi|소:so:so|아:a:ah|
		진:jin:jin|주:ju:joo|채:chae:chae|선:seon:sun|숙:suk:sook|윤:yun:yoon|정:jeong:jung|원:won:won|
		다:da:da|린:rin:rin|빈:bin:bin`), 6)
	return &culture{
		name: "Korean", weight: 3,
		systems: []writingSystem{
			{name: "Hangul", script: scriptHangul},
			{name: "passport, given name hyphenated", script: scriptLatin},
			{name: "Revised Romanization, given name in one word", script: scriptLatin},
			{name: "older spellings", script: scriptLatin},
		},
		stored:        systemShares(40, 25, 15, 20),
		nationalities: countryShares("KOR:95|USA:3|CAN:2"),
		familyFirst:   true,
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			a, b := given.pick(r), given.pick(r)
			for try := 0; try < 4 && b.native == a.native; try++ {
				b = given.pick(r)
			}
			return personName{
				family: []spelling{family.pick(r)},
				first: spelling{a.native + b.native, capitalize(a.latin) + "-" + b.latin,
					capitalize(a.latin + b.latin), capitalize(a.alt) + "-" + b.alt},
			}
		},
	}
}

func japanese() *culture {
	family := zipf(spellings(`Satō|Suzuki|Takahashi|Tanaka|Itō|Watanabe|Yamamoto|Nakamura|Kobayashi|Katō|Yoshida|
		Yamada|Sasaki|Yamaguchi|Matsumoto|Inoue|Kimura|Hayashi|Saitō|Shimizu|Yamazaki|Mori|Abe|Ikeda|Hashimoto|
		Yamashita|Ishikawa|Nakajima|Maeda|Fujita|Ogawa|Gotō|Okada|Hasegawa|Murakami|Kondō|Ishii|Sakamoto|Endō|Aoki|
		Fujii|Nishimura|Fukuda|Ōta|Miura|Fujiwara|Okamoto|Matsuda|Nakagawa|Nakano|Harada|Ono|Tamura|Takeuchi|
		Kaneko|Wada|Nakayama|Ishida|Ueda|Morita|Hara|Shibata|Sakai|Kudō|Yokoyama|Miyazaki|Miyamoto|Uchida|Takagi|
		Andō|Taniguchi|Ōno|Maruyama|Imai|Takada|Fujimoto|Takeda|Murata|Ueno|Sugiyama|Masuda|Sugawara|Hirano|
		Ōtsuka|Chiba|Kubo|Matsui|Iwasaki|Sakurai|Kinoshita|Noguchi|Matsuo|Nomura|Kikuchi|Sano|Ōnishi|Sugimoto|Arai`), 8)
	male := zipf(spellings(`Hiroshi|Takeshi|Haruto|Ren|Yūto|Sōta|Minato|Yūki|Kenji|Daiki|Shōta|Takumi|Kazuki|Ryō|
		Kōki|Naoki|Makoto|Akira|Satoshi|Tsubasa|Kenta|Yūsuke|Daisuke|Kōji|Tetsuya|Masato|Yōsuke|Shun|Riku|Sōma|
		Hayato|Tatsuya|Kazuya|Ryūnosuke|Tomoya|Hideki|Jun|Yasushi|Kōtarō|Shōhei`), 6)
	female := zipf(spellings(`Yui|Sakura|Yūko|Akiko|Keiko|Hina|Aoi|Yōko|Naomi|Emi|Mai|Ai|Misaki|Haruka|Nanami|Rin|
		Mio|Yuna|Kaori|Tomoko|Kyōko|Megumi|Ayaka|Yumi|Mayumi|Noriko|Hiroko|Junko|Sachiko|Chika|Asuka|Mei|Kanon|Riko|
		Miyu|Yūna|Shiori|Erika|Natsuki|Momoka`), 6)
	return &culture{
		name: "Japanese", weight: 2,
		systems: []writingSystem{
			{name: "Hepburn with macrons", script: scriptLatin},
			{name: "Hepburn without long vowels (passports)", script: scriptLatin, derive: romajiPlain},
			{name: "long vowels spelt ou, uu", script: scriptLatin, derive: romajiSpelt},
			{name: "long o spelt oh", script: scriptLatin, derive: romajiOh},
		},
		stored:        systemShares(10, 55, 20, 15),
		nationalities: countryShares("JPN:100"),
		make: func(r *rng, f bool) personName {
			given := male
			if f {
				given = female
			}
			return personName{first: given.pick(r), family: []spelling{family.pick(r)}}
		},
	}
}
