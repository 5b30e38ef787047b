package names

// Keys returns the blocking keys of a name for an inverted index: a small
// set of strings such that two names that should match share at least one,
// and unrelated names rarely do. The scheme:
//
//   - for every strong token, its consonant skeleton (upper case, e.g.
//     "LPRP" for Lavrov, Лавров and Lawrof alike) when it has two classes
//     or more, else its folded spelling (lower case, e.g. "wei", "li"), so
//     short tokens still find each other without matching every name that
//     has one consonant;
//   - for a token with a glued-on article (alqadhafi), the skeleton without
//     it ("KTP");
//   - for every two neighbouring tokens, the skeleton of the two written as
//     one word ("RMMLP" for Rami Makhlouf), so that Ramimakhlouf, Xiaoming
//     and Jong-un meet their split spellings.
//
// A name of n tokens has at most 2n keys, 3 to 7 for most names. Upper-case
// keys are skeletons and lower-case keys spellings, so the two kinds never
// collide. Weak tokens (al, bin, van, …) give no key of their own. Keys of
// very common tokens (Mohammed, Wang, Kim) have long posting lists: an index
// should look up the rarer keys of a query first and cap what it reads per
// key.
func Keys(name string) []string {
	return Parse(name).Keys()
}

// Keys returns the blocking keys of a parsed name; see the package function.
func (n Name) Keys() []string {
	keys := make([]string, 0, 2*len(n.terms))
	add := func(u unit, minSkel int) {
		k := u.skel
		if len(k) < minSkel {
			k = u.norm
		}
		if k == "" {
			return
		}
		for _, have := range keys {
			if have == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for i, t := range n.terms {
		if t.weak {
			continue
		}
		add(t.unit, 2)
		if t.strip.norm != "" {
			add(t.strip, 2)
		}
		if i+1 < len(n.terms) && !n.terms[i+1].weak && n.joins[i].norm != "" {
			add(n.joins[i], 3)
		}
		if i > 0 && n.terms[i-1].weak && n.joins[i-1].norm != "" {
			add(n.joins[i-1], 3)
		}
	}
	return keys
}
