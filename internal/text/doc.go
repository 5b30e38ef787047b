// Package text holds the node's rules for free text at its edges: what text
// a person may put into records and messages (Check), and how text leaves
// the node in a CSV file that a spreadsheet may open (SpreadsheetCell).
//
// Check refuses, besides text that is not UTF-8 and control characters, the
// invisible format characters (Unicode category Cf) that make text read
// differently from what it holds: the bidirectional embeddings, overrides
// and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is shown
// ("Trojan Source", CVE-2021-42574), and the characters that hide in a
// name or a number without being seen (soft hyphen, word joiner, invisible
// operators, byte-order mark, tag characters that spell hidden ASCII,
// interlinear annotations). A name with a hidden character in it no longer
// equals the same name typed by someone else, and a subject with an override
// shows a reader words in an order its sender did not write.
//
// It keeps the few format characters that writing some languages needs, so
// that a bureau can record a name as its own script spells it:
//
//   - U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER: part of the
//     spelling of Persian, Urdu, Kurdish and Pashto words (می‌خواهم), of
//     conjuncts in the Indic scripts and Sinhala, and of emoji sequences;
//   - U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK and U+061C ARABIC
//     LETTER MARK: they place a number or a Latin word correctly inside Arabic
//     or Hebrew text and are inserted by the keyboards and editors of those
//     languages. Unlike the overrides, a mark cannot reorder letters (Unicode
//     UAX #9; UTS #55 treats the marks as safe), so it cannot make text
//     show other words than it holds;
//   - U+200B ZERO WIDTH SPACE: the word separator of Khmer, Thai, Lao and
//     Burmese text (the space bar of the standard Khmer keyboard types it);
//   - U+180E MONGOLIAN VOWEL SEPARATOR: part of the spelling of Mongolian in
//     its traditional script.
//
// Every other format character is refused, including those Unicode adds
// later (the rule is the category, not a list), and the line and paragraph
// separators U+2028 and U+2029, which break lines where only '\n' may.
//
// This package must never change the text it is given: it accepts it or says
// why not, and a cell for a spreadsheet is the text with one mark before it.
package text
