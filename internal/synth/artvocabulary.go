package synth

import "sync"

// The words of works of art: techniques, supports and materials, subjects,
// figures of religion and myth, the things a catalogue describes, their
// qualities, and the set phrases of marks, condition and provenance. Each
// line is one concept in French, Italian, English, German and Spanish
// (textgen.go), the most frequent first. The words are common ones of the
// trade; none describes a real work.

// artVocabulary is the parsed tables, built once.
type artVocabulary struct {
	paintingTechniques, supports, drawingTechniques, printTechniques *lexicon
	materials, gems                                                  *lexicon
	subjects, figures, nouns, places                                 *lexicon
	adjectives                                                       *lexicon
	objects                                                          map[string]*lexicon
	phrases, creatorPrefixes, anonymous                              *lexicon
	italianGiven, italianFamily                                      weighted[string]
	// Concepts that techniques name, by number.
	paper, parchment, silk, ink, gold, silver, wool, collection, after int
	// number is the word before a number ("numéro 1234").
	number [languageCount]string
}

var (
	artOnce  sync.Once
	artWords *artVocabulary
)

func artVocab() *artVocabulary {
	artOnce.Do(func() {
		artWords = &artVocabulary{
			paintingTechniques: phraseLexicon(1, `
huile|olio|oil|Öl|óleo
tempera|tempera|tempera|Tempera|temple
acrylique|acrilico|acrylic|Acryl|acrílico
gouache|guazzo|gouache|Gouache|gouache
aquarelle|acquerello|watercolour|Aquarell|acuarela
pastel|pastello|pastel|Pastell|pastel
technique mixte|tecnica mista|mixed media|Mischtechnik|técnica mixta
encaustique|encausto|encaustic|Enkaustik|encáustica
laque|lacca|lacquer|Lack|laca`),
			supports: phraseLexicon(1, `
toile|tela|canvas|Leinwand|lienzo
panneau|tavola|panel|Holztafel|tabla
papier|carta|paper|Papier|papel
cuivre|rame|copper|Kupfer|cobre
carton|cartone|cardboard|Karton|cartón
bois|legno|wood|Holz|madera
parchemin|pergamena|parchment|Pergament|pergamino
soie|seta|silk|Seide|seda
vélin|velina|vellum|Velin|vitela
isorel|masonite|hardboard|Hartfaserplatte|aglomerado
ardoise|ardesia|slate|Schiefer|pizarra
verre|vetro|glass|Glas|vidrio`),
			drawingTechniques: phraseLexicon(2, `
crayon|matita|pencil|Bleistift|lápiz
fusain|carboncino|charcoal|Kohle|carboncillo
sanguine|sanguigna|red chalk|Rötel|sanguina
encre|inchiostro|ink|Tusche|tinta
plume|penna|pen|Feder|pluma
lavis|acquerellatura|wash|Lavierung|aguada
pierre noire|matita nera|black chalk|schwarze Kreide|lápiz negro
mine de plomb|grafite|graphite|Graphit|grafito
craie blanche|biacca|white chalk|weiße Kreide|tiza blanca
pointe d'argent|punta d'argento|silverpoint|Silberstift|punta de plata`),
			printTechniques: phraseLexicon(2, `
gravure|incisione|engraving|Kupferstich|grabado
eau-forte|acquaforte|etching|Radierung|aguafuerte
lithographie|litografia|lithograph|Lithographie|litografía
gravure sur bois|xilografia|woodcut|Holzschnitt|xilografía
sérigraphie|serigrafia|screenprint|Siebdruck|serigrafía
aquatinte|acquatinta|aquatint|Aquatinta|aguatinta
burin|bulino|burin|Grabstichel|buril
pointe sèche|puntasecca|drypoint|Kaltnadel|punta seca
linogravure|linoleografia|linocut|Linolschnitt|linograbado
manière noire|maniera nera|mezzotint|Schabkunst|manera negra`),
			materials: phraseLexicon(2, `
bronze|bronzo|bronze|Bronze|bronce
marbre|marmo|marble|Marmor|mármol
bois sculpté|legno intagliato|carved wood|geschnitztes Holz|madera tallada
terre cuite|terracotta|terracotta|Terrakotta|terracota
argent|argento|silver|Silber|plata
or|oro|gold|Gold|oro
plâtre|gesso|plaster|Gips|yeso
ivoire|avorio|ivory|Elfenbein|marfil
pierre|pietra|stone|Stein|piedra
porcelaine|porcellana|porcelain|Porzellan|porcelana
bois doré|legno dorato|giltwood|vergoldetes Holz|madera dorada
albâtre|alabastro|alabaster|Alabaster|alabastro
vermeil|argento dorato|silver gilt|vergoldetes Silber|plata dorada
laiton|ottone|brass|Messing|latón
faïence|maiolica|faience|Fayence|loza
émail|smalto|enamel|Email|esmalte
fer forgé|ferro battuto|wrought iron|Schmiedeeisen|hierro forjado
cristal|cristallo|crystal|Kristall|cristal
céramique|ceramica|ceramic|Keramik|cerámica
laine|lana|wool|Wolle|lana
cuir|cuoio|leather|Leder|cuero
ébène|ebano|ebony|Ebenholz|ébano
noyer|noce|walnut|Nussbaum|nogal
chêne|quercia|oak|Eiche|roble
tilleul|tiglio|limewood|Lindenholz|tilo
acajou|mogano|mahogany|Mahagoni|caoba
granit|granito|granite|Granit|granito
nacre|madreperla|mother-of-pearl|Perlmutt|nácar
corail|corallo|coral|Koralle|coral
jade|giada|jade|Jade|jade
étain|peltro|pewter|Zinn|peltre
cuivre doré|rame dorato|gilt copper|vergoldetes Kupfer|cobre dorado
verre soufflé|vetro soffiato|blown glass|geblasenes Glas|vidrio soplado
basalte|basalto|basalt|Basalt|basalto
calcaire|calcare|limestone|Kalkstein|caliza
grès|arenaria|sandstone|Sandstein|arenisca
obsidienne|ossidiana|obsidian|Obsidian|obsidiana`),
			gems: phraseLexicon(1, `
diamants|diamanti|diamonds|Diamanten|diamantes
perles|perle|pearls|Perlen|perlas
rubis|rubini|rubies|Rubine|rubíes
émeraudes|smeraldi|emeralds|Smaragde|esmeraldas
saphirs|zaffiri|sapphires|Saphire|zafiros
grenats|granati|garnets|Granate|granates
améthystes|ametiste|amethysts|Amethyste|amatistas
turquoises|turchesi|turquoises|Türkise|turquesas
opales|opali|opals|Opale|ópalos
camée|cammeo|cameo|Kamee|camafeo`),
			subjects: nounLexicon(3, `
portrait|ritratto|portrait|Bildnis/Bildnisse|retrato
paysage|paesaggio|landscape|Landschaft/Landschaften|paisaje
nature morte/natures mortes|natura morta/nature morte|still life/still lifes|Stillleben/Stillleben|bodegón/bodegones
vierge|Madonna|Virgin|Madonna/Madonnen|Virgen/Vírgenes
femme|donna|woman/women|Frau/Frauen|mujer/mujeres
homme|uomo/uomini|man/men|Mann/Männer|hombre
enfant|bambino|child/children|Kind/Kinder|niño
scène|scena|scene|Szene/Szenen|escena
vue|veduta|view|Ansicht/Ansichten|vista
fleur|fiore|flower|Blume/Blumen|flor
marine|marina|seascape|Seestück/Seestücke|marina
jeune fille/jeunes filles|fanciulla|girl|Mädchen/Mädchen|muchacha
fruit|frutto|fruit|Frucht/Früchte|fruta
bouquet|mazzo|bouquet|Strauß/Sträuße|ramo
annonciation|Annunciazione/Annunciazioni|Annunciation|Verkündigung/Verkündigungen|Anunciación/Anunciaciones
crucifixion|Crocifissione/Crocifissioni|Crucifixion|Kreuzigung/Kreuzigungen|Crucifixión/Crucifixiones
adoration|adorazione/adorazioni|adoration|Anbetung/Anbetungen|adoración/adoraciones
sainte famille/saintes familles|sacra famiglia/sacre famiglie|Holy Family/Holy Families|Heilige Familie/Heilige Familien|Sagrada Familia/Sagradas Familias
nativité|natività/natività|Nativity/Nativities|Geburt Christi/Geburt Christi|Natividad/Natividades
déposition|deposizione/deposizioni|deposition|Kreuzabnahme/Kreuzabnahmen|descendimiento
bataille|battaglia|battle|Schlacht/Schlachten|batalla
chasse|caccia/cacce|hunt|Jagd/Jagden|cacería
berger|pastore|shepherd|Hirte/Hirten|pastor
paysan|contadino|peasant|Bauer/Bauern|campesino
musicien|musicista/musicisti|musician|Musikant/Musikanten|músico
danseuse|ballerina|dancer|Tänzerin/Tänzerinnen|bailarina
baigneuse|bagnante/bagnanti|bather|Badende/Badenden|bañista
nu|nudo|nude|Akt/Akte|desnudo
autoportrait|autoritratto|self-portrait|Selbstbildnis/Selbstbildnisse|autorretrato
intérieur|interno|interior|Interieur/Interieurs|interior
port|porto|harbour|Hafen/Häfen|puerto
moulin|mulino|mill|Mühle/Mühlen|molino
église|chiesa/chiese|church|Kirche/Kirchen|iglesia
château/châteaux|castello|castle|Schloss/Schlösser|castillo
village|villaggio/villaggi|village|Dorf/Dörfer|pueblo
ville|città/città|town|Stadt/Städte|ciudad
rivière|fiume|river|Fluss/Flüsse|río
forêt|foresta|forest|Wald/Wälder|bosque
montagne|montagna|mountain|Berg/Berge|montaña
jardin|giardino|garden|Garten/Gärten|jardín
mer|mare|sea|Meer/Meere|mar
tempête|tempesta|storm|Sturm/Stürme|tormenta
hiver|inverno|winter|Winter/Winter|invierno
printemps|primavera|spring|Frühling/Frühlinge|primavera
automne|autunno|autumn|Herbst/Herbste|otoño
soir|sera|evening|Abend/Abende|tarde
matin|mattina|morning|Morgen/Morgen|mañana
nuit|notte|night|Nacht/Nächte|noche
clair de lune/clairs de lune|chiaro di luna|moonlight|Mondschein/Mondscheine|claro de luna
coucher de soleil/couchers de soleil|tramonto|sunset|Sonnenuntergang/Sonnenuntergänge|puesta de sol
cavalier|cavaliere|horseman/horsemen|Reiter/Reiter|jinete
cheval|cavallo|horse|Pferd/Pferde|caballo
chien|cane|dog|Hund/Hunde|perro
chat|gatto|cat|Katze/Katzen|gato
oiseau|uccello|bird|Vogel/Vögel|pájaro
vache|mucca/mucche|cow|Kuh/Kühe|vaca
mouton|pecora|sheep/sheep|Schaf/Schafe|oveja
bateau|barca/barche|boat|Boot/Boote|barco
navire|nave|ship|Schiff/Schiffe|navío
pêcheur|pescatore|fisherman/fishermen|Fischer/Fischer|pescador
marché|mercato|market|Markt/Märkte|mercado
fête|festa|feast|Fest/Feste|fiesta
concert|concerto|concert|Konzert/Konzerte|concierto
allégorie|allegoria|allegory|Allegorie/Allegorien|alegoría
ange|angelo|angel|Engel/Engel|ángel
martyre|martirio|martyrdom|Martyrium/Martyrien|martirio
apôtre|apostolo|apostle|Apostel/Apostel|apóstol
prophète|profeta/profeti|prophet|Prophet/Propheten|profeta
moine|monaco/monaci|monk|Mönch/Mönche|monje
cardinal|cardinale|cardinal|Kardinal/Kardinäle|cardenal
roi|re/re|king|König/Könige|rey
reine|regina|queen|Königin/Königinnen|reina
prince|principe|prince|Prinz/Prinzen|príncipe
dame|dama|lady/ladies|Dame/Damen|dama
gentilhomme/gentilshommes|gentiluomo/gentiluomini|gentleman/gentlemen|Edelmann/Edelleute|caballero
officier|ufficiale|officer|Offizier/Offiziere|oficial
vieillard|vecchio|old man/old men|Greis/Greise|anciano
mère|madre|mother|Mutter/Mütter|madre
famille|famiglia/famiglie|family|Familie/Familien|familia
couple|coppia|couple|Paar/Paare|pareja
pont|ponte|bridge|Brücke/Brücken|puente
canal|canale|canal|Kanal/Kanäle|canal
place|piazza|square|Platz/Plätze|plaza
rue|strada|street|Straße/Straßen|calle
ruine|rovina|ruin|Ruine/Ruinen|ruina
temple|tempio/templi|temple|Tempel/Tempel|templo
cathédrale|cattedrale|cathedral|Dom/Dome|catedral
lac|lago/laghi|lake|See/Seen|lago
cascade|cascata|waterfall|Wasserfall/Wasserfälle|cascada
plage|spiaggia/spiagge|beach|Strand/Strände|playa
vendanges|vendemmia|grape harvest|Weinlese/Weinlesen|vendimia
moisson|mietitura|harvest|Ernte/Ernten|cosecha
tabagie|osteria|tavern|Wirtshaus/Wirtshäuser|taberna
joueur de cartes/joueurs de cartes|giocatore di carte/giocatori di carte|card player|Kartenspieler/Kartenspieler|jugador de cartas
buveur|bevitore|drinker|Trinker/Trinker|bebedor
mendiant|mendicante|beggar|Bettler/Bettler|mendigo
philosophe|filosofo|philosopher|Philosoph/Philosophen|filósofo
sibylle|sibilla|sibyl|Sibylle/Sibyllen|sibila
vanité|vanitas/vanitas|vanitas/vanitas|Vanitas/Vanitas|vanitas/vanitas`),
			figures: phraseLexicon(2, `
saint Jean-Baptiste|san Giovanni Battista|Saint John the Baptist|Johannes der Täufer|san Juan Bautista
sainte Marie-Madeleine|santa Maria Maddalena|Saint Mary Magdalene|heilige Maria Magdalena|santa María Magdalena
saint Sébastien|san Sebastiano|Saint Sebastian|heiliger Sebastian|san Sebastián
saint Jérôme|san Girolamo|Saint Jerome|heiliger Hieronymus|san Jerónimo
saint Pierre|san Pietro|Saint Peter|heiliger Petrus|san Pedro
Christ|Cristo|Christ|Christus|Cristo
saint François|san Francesco|Saint Francis|heiliger Franziskus|san Francisco
saint Georges|san Giorgio|Saint George|heiliger Georg|san Jorge
sainte Catherine|santa Caterina|Saint Catherine|heilige Katharina|santa Catalina
saint Antoine|sant'Antonio|Saint Anthony|heiliger Antonius|san Antonio
saint Paul|san Paolo|Saint Paul|heiliger Paulus|san Pablo
saint Michel|san Michele|Saint Michael|heiliger Michael|san Miguel
sainte Anne|sant'Anna|Saint Anne|heilige Anna|santa Ana
saint Joseph|san Giuseppe|Saint Joseph|heiliger Joseph|san José
sainte Lucie|santa Lucia|Saint Lucy|heilige Lucia|santa Lucía
saint Martin|san Martino|Saint Martin|heiliger Martin|san Martín
saint Roch|san Rocco|Saint Roch|heiliger Rochus|san Roque
saint Nicolas|san Nicola|Saint Nicholas|heiliger Nikolaus|san Nicolás
sainte Barbe|santa Barbara|Saint Barbara|heilige Barbara|santa Bárbara
saint Laurent|san Lorenzo|Saint Lawrence|heiliger Laurentius|san Lorenzo
Vénus|Venere|Venus|Venus|Venus
Apollon|Apollo|Apollo|Apollo|Apolo
Diane|Diana|Diana|Diana|Diana
Bacchus|Bacco|Bacchus|Bacchus|Baco
Hercule|Ercole|Hercules|Herkules|Hércules
Mars|Marte|Mars|Mars|Marte
Minerve|Minerva|Minerva|Minerva|Minerva
Judith|Giuditta|Judith|Judith|Judit
David|Davide|David|David|David
Moïse|Mosè|Moses|Moses|Moisés
Salomé|Salomè|Salome|Salome|Salomé
Léda|Leda|Leda|Leda|Leda
Orphée|Orfeo|Orpheus|Orpheus|Orfeo
Narcisse|Narciso|Narcissus|Narziss|Narciso
Persée|Perseo|Perseus|Perseus|Perseo
Andromède|Andromeda|Andromeda|Andromeda|Andrómeda
Adam et Ève|Adamo ed Eva|Adam and Eve|Adam und Eva|Adán y Eva
Tobie|Tobiolo|Tobias|Tobias|Tobías
Lucrèce|Lucrezia|Lucretia|Lucretia|Lucrecia
Cléopâtre|Cleopatra|Cleopatra|Kleopatra|Cleopatra
Suzanne|Susanna|Susanna|Susanna|Susana
Pomone|Pomona|Pomona|Pomona|Pomona
Flore|Flora|Flora|Flora|Flora
Cupidon|Cupido|Cupid|Amor|Cupido
Neptune|Nettuno|Neptune|Neptun|Neptuno
Jupiter|Giove|Jupiter|Jupiter|Júpiter
Danaé|Danae|Danaë|Danae|Dánae
Europe|Europa|Europa|Europa|Europa`),
			nouns: nounLexicon(4, `
table|tavolo|table|Tisch/Tische|mesa
fenêtre|finestra|window|Fenster/Fenster|ventana
arbre|albero|tree|Baum/Bäume|árbol
ciel|cielo|sky/skies|Himmel/Himmel|cielo
maison|casa|house|Haus/Häuser|casa
livre|libro|book|Buch/Bücher|libro
nuage|nuvola|cloud|Wolke/Wolken|nube
porte|porta|door|Tür/Türen|puerta
chemin|sentiero|path|Weg/Wege|camino
champ|campo/campi|field|Feld/Felder|campo
colline|collina|hill|Hügel/Hügel|colina
rocher|roccia/rocce|rock|Felsen/Felsen|roca
eau/eaux|acqua|water|Wasser/Wasser|agua
lumière|luce/luci|light|Licht/Lichter|luz
ombre|ombra|shadow|Schatten/Schatten|sombra
visage|volto|face|Gesicht/Gesichter|rostro
main|mano/mani|hand|Hand/Hände|mano
tête|testa|head|Kopf/Köpfe|cabeza
œil/yeux|occhio|eye|Auge/Augen|ojo
chevelure|capigliatura|hair|Haar/Haare|cabellera
robe|abito|dress|Kleid/Kleider|vestido
manteau|mantello|cloak|Mantel/Mäntel|manto
chapeau|cappello|hat|Hut/Hüte|sombrero
couronne|corona|crown|Krone/Kronen|corona
épée|spada|sword|Schwert/Schwerter|espada
bouclier|scudo|shield|Schild/Schilde|escudo
armure|armatura|armour|Rüstung/Rüstungen|armadura
bijou/bijoux|gioiello|jewel|Schmuckstück/Schmuckstücke|joya
panier|cesto|basket|Korb/Körbe|cesta
verre|bicchiere|glass/glasses|Glas/Gläser|copa
bouteille|bottiglia|bottle|Flasche/Flaschen|botella
pain|pane|bread|Brot/Brote|pan
vin|vino|wine|Wein/Weine|vino
pomme|mela|apple|Apfel/Äpfel|manzana
raisin|uva|grape|Traube/Trauben|uva
citron|limone|lemon|Zitrone/Zitronen|limón
poisson|pesce|fish/fish|Fisch/Fische|pez
gibier|selvaggina|game|Wildbret/Wildbret|caza
rose|rosa|rose|Rose/Rosen|rosa
lys|giglio|lily/lilies|Lilie/Lilien|lirio
tulipe|tulipano|tulip|Tulpe/Tulpen|tulipán
instrument|strumento|instrument|Instrument/Instrumente|instrumento
luth|liuto|lute|Laute/Lauten|laúd
violon|violino|violin|Geige/Geigen|violín
miroir|specchio|mirror|Spiegel/Spiegel|espejo
rideau|tenda|curtain|Vorhang/Vorhänge|cortina
colonne|colonna|column|Säule/Säulen|columna
arcade|arcata|arch|Bogen/Bögen|arco
balcon|balcone|balcony/balconies|Balkon/Balkone|balcón
escalier|scala|staircase|Treppe/Treppen|escalera
tour|torre|tower|Turm/Türme|torre
mur|muro|wall|Mauer/Mauern|muro
toit|tetto|roof|Dach/Dächer|tejado
fontaine|fontana|fountain|Brunnen/Brunnen|fuente
troupeau|gregge|herd|Herde/Herden|rebaño
voile|vela|sail|Segel/Segel|vela
rivage|riva|shore|Ufer/Ufer|orilla
vague|onda|wave|Welle/Wellen|ola
neige|neve|snow|Schnee/Schnee|nieve
soleil|sole|sun|Sonne/Sonnen|sol
lune|luna|moon|Mond/Monde|luna
étoile|stella|star|Stern/Sterne|estrella
personnage|personaggio/personaggi|figure|Figur/Figuren|personaje
groupe|gruppo|group|Gruppe/Gruppen|grupo
foule|folla|crowd|Menge/Mengen|multitud
soldat|soldato|soldier|Soldat/Soldaten|soldado
char|carro|cart|Wagen/Wagen|carro
carrosse|carrozza|carriage|Kutsche/Kutschen|carroza
chaise|sedia|chair|Stuhl/Stühle|silla
fauteuil|poltrona|armchair|Sessel/Sessel|sillón
lit|letto|bed|Bett/Betten|cama
tapis|tappeto|carpet|Teppich/Teppiche|alfombra
bougie|candela|candle|Kerze/Kerzen|vela
crâne|teschio|skull|Schädel/Schädel|calavera
sablier|clessidra|hourglass|Sanduhr/Sanduhren|reloj de arena
globe|globo|globe|Globus/Globen|globo
carte|mappa|map|Landkarte/Landkarten|mapa
ancre|ancora|anchor|Anker/Anker|ancla
blason|stemma|coat of arms/coats of arms|Wappen/Wappen|blasón
inscription|iscrizione|inscription|Inschrift/Inschriften|inscripción
signature|firma|signature|Signatur/Signaturen|firma
date|data|date|Datum/Daten|fecha
monogramme|monogramma/monogrammi|monogram|Monogramm/Monogramme|monograma
cachet|timbro|stamp|Stempel/Stempel|sello
étiquette|etichetta|label|Etikett/Etiketten|etiqueta
cadre|cornice|frame|Rahmen/Rahmen|marco
revers|retro|back|Rückseite/Rückseiten|reverso
angle|angolo|corner|Ecke/Ecken|ángulo
bord|bordo|edge|Rand/Ränder|borde
fond|sfondo|background|Hintergrund/Hintergründe|fondo
premier plan/premiers plans|primo piano|foreground|Vordergrund/Vordergründe|primer plano
restauration|restauro|restoration|Restaurierung/Restaurierungen|restauración
craquelure|crettatura|craquelure|Craquelé/Craquelés|craquelado
manque|lacuna|loss|Fehlstelle/Fehlstellen|faltante
repeint|ridipintura|overpaint|Übermalung/Übermalungen|repinte
rentoilage|rintelo|relining|Doublierung/Doublierungen|reentelado
vernis|vernice|varnish|Firnis/Firnisse|barniz
patine|patina|patina|Patina/Patinas|pátina
socle|zoccolo|base|Sockel/Sockel|peana
piédestal/piédestaux|piedistallo|pedestal|Postament/Postamente|pedestal
provenance|provenienza|provenance|Provenienz/Provenienzen|procedencia
collection|collezione|collection|Sammlung/Sammlungen|colección
musée|museo|museum|Museum/Museen|museo
chapelle|cappella|chapel|Kapelle/Kapellen|capilla
autel|altare|altar|Altar/Altäre|altar
sacristie|sacrestia|sacristy|Sakristei/Sakristeien|sacristía
galerie|galleria|gallery/galleries|Galerie/Galerien|galería
vitrine|vetrina|showcase|Vitrine/Vitrinen|vitrina
réserve|deposito|storeroom|Depot/Depots|almacén
domicile|abitazione|residence|Wohnung/Wohnungen|domicilio
villa|villa|villa|Villa/Villen|villa
palais|palazzo|palace|Palast/Paläste|palacio
exposition|mostra|exhibition|Ausstellung/Ausstellungen|exposición
vente|asta|auction|Auktion/Auktionen|subasta
propriétaire|proprietario|owner|Eigentümer/Eigentümer|propietario
vol|furto|theft|Diebstahl/Diebstähle|robo
effraction|scasso|break-in|Einbruch/Einbrüche|allanamiento
siècle|secolo|century/centuries|Jahrhundert/Jahrhunderte|siglo
école|scuola|school|Schule/Schulen|escuela
atelier|bottega|workshop|Werkstatt/Werkstätten|taller
maître|maestro|master|Meister/Meister|maestro
élève|allievo|pupil|Schüler/Schüler|discípulo
style|stile|style|Stil/Stile|estilo
époque|epoca/epoche|period|Epoche/Epochen|época
dynastie|dinastia|dynasty/dynasties|Dynastie/Dynastien|dinastía
décor|decorazione|decoration|Dekor/Dekore|decoración
motif|motivo|motif|Motiv/Motive|motivo
feuillage|fogliame|foliage|Laubwerk/Laubwerke|follaje
rinceau|girale|scroll|Ranke/Ranken|roleo
médaillon|medaglione|medallion|Medaillon/Medaillons|medallón
cartouche|cartiglio|cartouche|Kartusche/Kartuschen|cartela
frise|fregio|frieze|Fries/Friese|friso
guirlande|ghirlanda|garland|Girlande/Girlanden|guirnalda
pied|piede|foot/feet|Fuß/Füße|pie
anse|ansa|handle|Henkel/Henkel|asa
couvercle|coperchio|lid|Deckel/Deckel|tapa
cadran|quadrante|dial|Zifferblatt/Zifferblätter|esfera
poinçon|punzone|hallmark|Punze/Punzen|contraste
feuille|foglia|leaf/leaves|Blatt/Blätter|hoja
branche|ramo|branch|Zweig/Zweige|rama
draperie|drappeggio/drappeggi|drapery/draperies|Draperie/Draperien|ropaje
nuée|nube|cloud bank|Wolkenbank/Wolkenbänke|nubarrón
paysanne|contadina|peasant woman/peasant women|Bäuerin/Bäuerinnen|campesina
servante|serva|maid|Magd/Mägde|criada
pèlerin|pellegrino|pilgrim|Pilger/Pilger|peregrino
voyageur|viaggiatore|traveller|Reisender/Reisende|viajero
chevalier|cavaliere|knight|Ritter/Ritter|caballero andante
dragon|drago/draghi|dragon|Drache/Drachen|dragón
lion|leone|lion|Löwe/Löwen|león
cerf|cervo|stag|Hirsch/Hirsche|ciervo
colombe|colomba|dove|Taube/Tauben|paloma
agneau|agnello|lamb|Lamm/Lämmer|cordero
croix|croce/croci|cross|Kreuz/Kreuze|cruz
auréole|aureola|halo|Heiligenschein/Heiligenscheine|aureola
nimbe|nimbo|nimbus|Nimbus/Nimben|nimbo
trône|trono|throne|Thron/Throne|trono
sceptre|scettro|sceptre|Zepter/Zepter|cetro
globe terrestre|mappamondo|terrestrial globe|Erdglobus/Erdgloben|globo terráqueo
horizon|orizzonte|horizon|Horizont/Horizonte|horizonte
brume|foschia|mist|Nebel/Nebel|bruma
chaumière|capanna|cottage|Hütte/Hütten|choza
ferme|fattoria|farm|Bauernhof/Bauernhöfe|granja
écurie|stalla|stable|Stall/Ställe|establo
clocher|campanile|bell tower|Glockenturm/Glockentürme|campanario
remparts|mura|ramparts|Stadtmauer/Stadtmauern|murallas
gondole|gondola|gondola|Gondel/Gondeln|góndola
lagune|laguna|lagoon|Lagune/Lagunen|laguna
falaise|scogliera|cliff|Klippe/Klippen|acantilado
prairie|prato|meadow|Wiese/Wiesen|pradera
vallée|valle|valley/valleys|Tal/Täler|valle
sentier|viottolo|track|Pfad/Pfade|sendero
chasseur|cacciatore|hunter|Jäger/Jäger|cazador
lavandière|lavandaia|washerwoman/washerwomen|Wäscherin/Wäscherinnen|lavandera
tricoteuse|magliaia|knitter|Strickerin/Strickerinnen|tejedora
liseuse|lettrice|reader|Leserin/Leserinnen|lectora
éventail|ventaglio/ventagli|fan|Fächer/Fächer|abanico
ombrelle|ombrellino|parasol|Sonnenschirm/Sonnenschirme|sombrilla
perroquet|pappagallo/pappagalli|parrot|Papagei/Papageien|loro
singe|scimmia/scimmie|monkey|Affe/Affen|mono`),
			places: phraseLexicon(3, `
Paris|Parigi|Paris|Paris|París
Rome|Roma|Rome|Rom|Roma
Venise|Venezia|Venice|Venedig|Venecia
Florence|Firenze|Florence|Florenz|Florencia
Naples|Napoli|Naples|Neapel|Nápoles
Londres|Londra|London|London|Londres
Amsterdam|Amsterdam|Amsterdam|Amsterdam|Ámsterdam
Anvers|Anversa|Antwerp|Antwerpen|Amberes
Madrid|Madrid|Madrid|Madrid|Madrid
Séville|Siviglia|Seville|Sevilla|Sevilla
Tolède|Toledo|Toledo|Toledo|Toledo
Vienne|Vienna|Vienna|Wien|Viena
Munich|Monaco di Baviera|Munich|München|Múnich
Dresde|Dresda|Dresden|Dresden|Dresde
Prague|Praga|Prague|Prag|Praga
Bruges|Bruges|Bruges|Brügge|Brujas
Sienne|Siena|Siena|Siena|Siena
Milan|Milano|Milan|Mailand|Milán
Bologne|Bologna|Bologna|Bologna|Bolonia
Gênes|Genova|Genoa|Genua|Génova
Lyon|Lione|Lyon|Lyon|Lyon
Rouen|Rouen|Rouen|Rouen|Ruan
Avignon|Avignone|Avignon|Avignon|Aviñón
Marseille|Marsiglia|Marseille|Marseille|Marsella
Nuremberg|Norimberga|Nuremberg|Nürnberg|Núremberg
Cologne|Colonia|Cologne|Köln|Colonia
Lisbonne|Lisbona|Lisbon|Lissabon|Lisboa
Grenade|Granada|Granada|Granada|Granada
Ravenne|Ravenna|Ravenna|Ravenna|Rávena
Pompéi|Pompei|Pompeii|Pompeji|Pompeya
Montmartre|Montmartre|Montmartre|Montmartre|Montmartre
la Seine|la Senna|the Seine|die Seine|el Sena
le Tibre|il Tevere|the Tiber|der Tiber|el Tíber
le Rhin|il Reno|the Rhine|der Rhein|el Rin
la Tamise|il Tamigi|the Thames|die Themse|el Támesis
les Alpes|le Alpi|the Alps|die Alpen|los Alpes
la Normandie|la Normandia|Normandy|die Normandie|Normandía
la Toscane|la Toscana|Tuscany|die Toskana|la Toscana
la Provence|la Provenza|Provence|die Provence|la Provenza
la Campagne romaine|la Campagna romana|the Roman Campagna|die römische Campagna|la Campiña romana`),
			adjectives: adjectiveLexicon(3, `
doré|dorato|gilded|vergoldet|dorado
sculpté|scolpito|carved|geschnitzt|tallado
signé|firmato|signed|signiert|firmado
grand|grande|large|groß|grande
petit|piccolo|small|klein|pequeño
ancien/ancienne/anciens/anciennes|antico/antica/antichi/antiche|antique|antik|antiguo
daté|datato|dated|datiert|fechado
peint|dipinto|painted|bemalt|pintado
blanc/blanche/blancs/blanches|bianco/bianca/bianchi/bianche|white|weiß|blanco
noir|nero|black|schwarz|negro
rouge|rosso|red|rot|rojo
bleu|blu|blue|blau|azul
vert|verde|green|grün|verde
jeune|giovane|young|jung|joven/jóvenes
vieux/vieille/vieilles|vecchio/vecchia/vecchi/vecchie|old|alt|viejo
jaune|giallo|yellow|gelb|amarillo
brun|bruno|brown|braun|marrón/marrones
gris|grigio/grigia/grigi/grigie|grey|grau|gris
rose|rosa|pink|rosa|rosado
ovale|ovale|oval|oval|ovalado
rond|rotondo|round|rund|redondo
rectangulaire|rettangolare|rectangular|rechteckig|rectangular
assis|seduto|seated|sitzend|sentado
debout/debout|in piedi|standing|stehend|de pie
couché|sdraiato|reclining|liegend|tendido
agenouillé|inginocchiato|kneeling|kniend|arrodillado
endormi|addormentato|sleeping|schlafend|dormido
voilé|velato|veiled|verschleiert|velado
couronné|incoronato|crowned|gekrönt|coronado
ailé|alato|winged|geflügelt|alado
religieux/religieuse/religieuses|religioso|religious|religiös|religioso
sacré|sacro|sacred|heilig|sagrado
mythologique|mitologico/mitologica/mitologici/mitologiche|mythological|mythologisch|mitológico
flamand|fiammingo/fiamminga/fiamminghi/fiamminghe|Flemish|flämisch|flamenco
hollandais/hollandaise/hollandaises|olandese|Dutch|holländisch|holandés/holandesa/holandeses/holandesas
italien/italienne/italiens/italiennes|italiano|Italian|italienisch|italiano
français/française/françaises|francese|French|französisch|francés/francesa/franceses/francesas
espagnol|spagnolo|Spanish|spanisch|español/española/españoles/españolas
allemand|tedesco/tedesca/tedeschi/tedesche|German|deutsch|alemán/alemana/alemanes/alemanas
vénitien/vénitienne/vénitiens/vénitiennes|veneziano|Venetian|venezianisch|veneciano
florentin|fiorentino|Florentine|florentinisch|florentino
romain|romano|Roman|römisch|romano
grec/grecque/grecs/grecques|greco/greca/greci/greche|Greek|griechisch|griego
étrusque|etrusco/etrusca/etruschi/etrusche|Etruscan|etruskisch|etrusco
byzantin|bizantino|Byzantine|byzantinisch|bizantino
gothique|gotico/gotica/gotici/gotiche|Gothic|gotisch|gótico
baroque|barocco/barocca/barocchi/barocche|Baroque|barock|barroco
médiéval/médiévale/médiévaux/médiévales|medievale|medieval|mittelalterlich|medieval
orné|ornato|decorated|verziert|adornado
ciselé|cesellato|chased|ziseliert|cincelado
gravé|inciso|engraved|graviert|grabado
émaillé|smaltato|enamelled|emailliert|esmaltado
incrusté|intarsiato|inlaid|eingelegt|incrustado
polychrome|policromo|polychrome|polychrom|policromado
original/originale/originaux/originales|originale|original|original|original
célèbre|celebre|famous|berühmt|célebre
précieux/précieuse/précieuses|prezioso|precious|kostbar|precioso
rare|raro|rare|selten|raro
important|importante|important|bedeutend|importante
fin|fine|fine|fein|fino
lourd|pesante|heavy|schwer|pesado
haut|alto|tall|hoch|alto
long/longue/longs/longues|lungo/lunga/lunghi/lunghe|long|lang|largo
brisé|rotto|broken|zerbrochen|roto
restauré|restaurato|restored|restauriert|restaurado
endommagé|danneggiato|damaged|beschädigt|dañado
usé|consunto|worn|abgenutzt|desgastado
encadré|incorniciato|framed|gerahmt|enmarcado
monogrammé|siglato|monogrammed|monogrammiert|monogramado
attribué|attribuito|attributed|zugeschrieben|atribuido
inscrit|iscritto|inscribed|beschriftet|inscrito
enluminé|miniato|illuminated|illuminiert|iluminado
relié|rilegato|bound|gebunden|encuadernado
tissé|tessuto|woven|gewebt|tejido
brodé|ricamato|embroidered|bestickt|bordado
serti|incastonato|set|gefasst|engastado
lumineux/lumineuse/lumineuses|luminoso|luminous|leuchtend|luminoso
paisible|tranquillo|peaceful|friedlich|apacible
orageux/orageuse/orageuses|tempestoso|stormy|stürmisch|tormentoso
enneigé|innevato|snowy|verschneit|nevado
boisé|boscoso|wooded|bewaldet|boscoso
lointain|lontano|distant|fern|lejano
rustique|rustico/rustica/rustici/rustiche|rustic|ländlich|rústico
élégant|elegante|elegant|elegant|elegante
pensif/pensive/pensifs/pensives|pensoso|pensive|nachdenklich|pensativo
souriant|sorridente|smiling|lächelnd|sonriente
mort|morto|dead|tot|muerto
doux/douce/douces|dolce|gentle|sanft|dulce
sombre|scuro|dark|dunkel|oscuro
clair|chiaro|pale|hell|claro
ocre|ocra|ochre|ocker|ocre
violet/violette/violets/violettes|viola|purple|violett|violeta
argenté|argentato|silvered|versilbert|plateado
patiné|patinato|patinated|patiniert|patinado
fendu|incrinato|cracked|gesprungen|agrietado
jauni|ingiallito|yellowed|vergilbt|amarillento
nocturne|notturno|nocturnal|nächtlich|nocturno
champêtre|campestre|pastoral|ländlich-idyllisch|campestre
hivernal/hivernale/hivernaux/hivernales|invernale|wintry|winterlich|invernal
animé|animato|lively|belebt|animado
désert|deserto|deserted|verlassen|desierto
fleuri|fiorito|flowering|blühend|florido
princier/princière/princiers/princières|principesco/principesca/principeschi/principesche|princely|fürstlich|principesco
royal/royale/royaux/royales|reale|royal|königlich|real
impérial/impériale/impériaux/impériales|imperiale|imperial|kaiserlich|imperial`),
			objects: map[string]*lexicon{
				"sculpture": nounLexicon(2, `
statue|statua|statue|Statue/Statuen|estatua
statuette|statuetta|statuette|Statuette/Statuetten|estatuilla
buste|busto|bust|Büste/Büsten|busto
tête|testa|head|Kopf/Köpfe|cabeza
relief|rilievo/rilievi|relief|Relief/Reliefs|relieve
bas-relief|bassorilievo/bassorilievi|bas-relief|Flachrelief/Flachreliefs|bajorrelieve
groupe|gruppo|group|Gruppe/Gruppen|grupo
torse|torso|torso|Torso/Torsi|torso
figure|figura|figure|Figur/Figuren|figura
masque|maschera|mask|Maske/Masken|máscara
médaille|medaglia|medal|Medaille/Medaillen|medalla
plaquette|placchetta|plaquette|Plakette/Plaketten|placa`),
				"drawing": nounLexicon(1, `
étude|studio/studi|study/studies|Studie/Studien|estudio
esquisse|schizzo/schizzi|sketch|Skizze/Skizzen|boceto
dessin|disegno|drawing|Zeichnung/Zeichnungen|dibujo
croquis|abbozzo|croquis|Entwurf/Entwürfe|croquis
projet|progetto|design|Entwurf/Entwürfe|proyecto`),
				"print": nounLexicon(1, `
estampe|stampa|print|Druck/Drucke|estampa
planche|tavola|plate|Blatt/Blätter|lámina
épreuve|prova|proof|Abzug/Abzüge|prueba
feuille|foglio/fogli|sheet|Blatt/Blätter|hoja
suite|serie/serie|suite|Folge/Folgen|serie`),
				"manuscript": nounLexicon(1, `
manuscrit|manoscritto|manuscript|Handschrift/Handschriften|manuscrito
livre d'heures/livres d'heures|libro d'ore/libri d'ore|book of hours/books of hours|Stundenbuch/Stundenbücher|libro de horas/libros de horas
missel|messale|missal|Messbuch/Messbücher|misal
bible|bibbia/bibbie|bible|Bibel/Bibeln|biblia
lettre|lettera|letter|Brief/Briefe|carta
carte|carta geografica/carte geografiche|map|Karte/Karten|mapa
atlas|atlante|atlas|Atlas/Atlanten|atlas
psautier|salterio|psalter|Psalter/Psalter|salterio
codex|codice/codici|codex/codices|Kodex/Kodizes|códice
charte|carta|charter|Urkunde/Urkunden|carta puebla
antiphonaire|antifonario|antiphonary/antiphonaries|Antiphonar/Antiphonare|antifonario
partition|partitura|score|Partitur/Partituren|partitura
incunable|incunabolo|incunabulum/incunabula|Inkunabel/Inkunabeln|incunable
herbier|erbario|herbarium|Herbarium/Herbarien|herbario`),
				"religious": nounLexicon(1, `
icône|icona|icon|Ikone/Ikonen|icono
calice|calice|chalice|Kelch/Kelche|cáliz
reliquaire|reliquiario|reliquary/reliquaries|Reliquiar/Reliquiare|relicario
crucifix|crocifisso|crucifix|Kruzifix/Kruzifixe|crucifijo
ostensoir|ostensorio|monstrance|Monstranz/Monstranzen|custodia
retable|pala d'altare/pale d'altare|altarpiece|Altarbild/Altarbilder|retablo
triptyque|trittico/trittici|triptych|Triptychon/Triptychen|tríptico
ciboire|pisside|ciborium/ciboria|Ziborium/Ziborien|copón
croix de procession|croce processionale|processional cross|Vortragekreuz/Vortragekreuze|cruz procesional
encensoir|turibolo|censer|Weihrauchfass/Weihrauchfässer|incensario
chasuble|pianeta|chasuble|Kasel/Kaseln|casulla
statue de la Vierge|statua della Madonna|statue of the Virgin|Madonnenfigur/Madonnenfiguren|imagen de la Virgen
ex-voto|ex voto|votive offering|Votivbild/Votivbilder|exvoto
diptyque|dittico/dittici|diptych|Diptychon/Diptychen|díptico
tabernacle|tabernacolo|tabernacle|Tabernakel/Tabernakel|sagrario`),
				"archaeological": nounLexicon(1, `
amphore|anfora|amphora/amphorae|Amphore/Amphoren|ánfora
vase|vaso|vase|Vase/Vasen|vaso
monnaie|moneta|coin|Münze/Münzen|moneda
statuette|statuetta|statuette|Statuette/Statuetten|estatuilla
cratère|cratere|krater|Krater/Krater|crátera
stèle|stele|stele|Stele/Stelen|estela
urne funéraire|urna cineraria|cinerary urn|Aschenurne/Aschenurnen|urna cineraria
lampe à huile/lampes à huile|lucerna|oil lamp|Öllampe/Öllampen|lucerna
fibule|fibula|brooch|Fibel/Fibeln|fíbula
fragment|frammento|fragment|Fragment/Fragmente|fragmento
sarcophage|sarcofago/sarcofagi|sarcophagus/sarcophagi|Sarkophag/Sarkophage|sarcófago
idole|idolo|idol|Idol/Idole|ídolo
figurine|figurina|figurine|Figurine/Figurinen|figurilla
tablette|tavoletta|tablet|Tafel/Tafeln|tablilla
mosaïque|mosaico/mosaici|mosaic|Mosaik/Mosaike|mosaico
sceau-cylindre/sceaux-cylindres|sigillo cilindrico|cylinder seal|Rollsiegel/Rollsiegel|sello cilíndrico
pointe de flèche/pointes de flèche|punta di freccia|arrowhead|Pfeilspitze/Pfeilspitzen|punta de flecha
casque|elmo|helmet|Helm/Helme|casco`),
				"jewellery": nounLexicon(1, `
bague|anello|ring|Ring/Ringe|anillo
collier|collana|necklace|Halskette/Halsketten|collar
broche|spilla|brooch|Brosche/Broschen|broche
bracelet|bracciale|bracelet|Armband/Armbänder|pulsera
montre|orologio da tasca/orologi da tasca|watch|Taschenuhr/Taschenuhren|reloj
pendentif|pendente|pendant|Anhänger/Anhänger|colgante
boucles d'oreilles|orecchini|earrings|Ohrringe|pendientes
diadème|diadema/diademi|tiara|Diadem/Diademe|diadema
tabatière|tabacchiera|snuff box/snuff boxes|Schnupftabakdose/Schnupftabakdosen|tabaquera
médaillon|medaglione|locket|Medaillon/Medaillons|guardapelo
parure|parure|parure|Parure/Parures|aderezo
chevalière|anello con sigillo|signet ring|Siegelring/Siegelringe|sello
épingle de cravate/épingles de cravate|spilla da cravatta|tie pin|Krawattennadel/Krawattennadeln|alfiler de corbata`),
				"textile": nounLexicon(1, `
tapisserie|arazzo/arazzi|tapestry/tapestries|Wandteppich/Wandteppiche|tapiz
tapis|tappeto|carpet|Teppich/Teppiche|alfombra
broderie|ricamo|embroidery/embroideries|Stickerei/Stickereien|bordado
châle|scialle|shawl|Schal/Schals|chal
étendard|stendardo|banner|Banner/Banner|estandarte
costume|costume|costume|Kostüm/Kostüme|traje
dentelle|merletto/merletti|lace|Spitze/Spitzen|encaje
tenture|parato|hanging|Behang/Behänge|colgadura
kimono|kimono|kimono|Kimono/Kimonos|kimono`),
				"other": nounLexicon(1, `
pendule|orologio/orologi|clock|Uhr/Uhren|reloj
coffret|cofanetto|casket|Kästchen/Kästchen|cofre
commode|cassettone|chest of drawers/chests of drawers|Kommode/Kommoden|cómoda
miroir|specchio/specchi|mirror|Spiegel/Spiegel|espejo
candélabre|candelabro|candelabrum/candelabra|Kandelaber/Kandelaber|candelabro
vase|vaso|vase|Vase/Vasen|jarrón
violon|violino|violin|Geige/Geigen|violín
fusil de chasse/fusils de chasse|fucile da caccia/fucili da caccia|sporting gun|Jagdgewehr/Jagdgewehre|escopeta
globe céleste|globo celeste|celestial globe|Himmelsglobus/Himmelsgloben|globo celeste
sabre|sciabola|sabre|Säbel/Säbel|sable
épée de cour|spada da corte|court sword|Galanteriedegen/Galanteriedegen|espadín
armure|armatura|suit of armour/suits of armour|Harnisch/Harnische|armadura
samovar|samovar|samovar|Samowar/Samoware|samovar
service à thé/services à thé|servizio da tè/servizi da tè|tea service|Teeservice/Teeservices|juego de té
soupière|zuppiera|tureen|Terrine/Terrinen|sopera
aiguière|brocca/brocche|ewer|Kanne/Kannen|aguamanil
plat|piatto|dish/dishes|Platte/Platten|fuente
boîte|scatola|box/boxes|Dose/Dosen|caja
cabinet|stipo|cabinet|Kabinettschrank/Kabinettschränke|bargueño
paravent|paravento|screen|Paravent/Paravents|biombo`),
			},
			phrases: phraseLexicon(2, `
signé en bas à droite|firmato in basso a destra|signed lower right|unten rechts signiert|firmado abajo a la derecha
signé et daté en bas à gauche|firmato e datato in basso a sinistra|signed and dated lower left|unten links signiert und datiert|firmado y fechado abajo a la izquierda
dans un cadre en bois doré|in una cornice dorata|in a giltwood frame|in vergoldetem Holzrahmen|en marco de madera dorada
étiquette au revers|etichetta sul retro|label on the reverse|Etikett auf der Rückseite|etiqueta en el reverso
petits manques et restaurations|piccole lacune e restauri|minor losses and restorations|kleine Fehlstellen und Restaurierungen|pequeñas faltas y restauraciones
cachet de collection au dos|timbro di collezione sul retro|collector's stamp on the back|Sammlerstempel auf der Rückseite|sello de colección al dorso
volé lors d'un cambriolage|rubato durante un furto con scasso|stolen in a burglary|bei einem Einbruch gestohlen|robado durante un allanamiento
dérobé dans une église|trafugato da una chiesa|taken from a church|aus einer Kirche entwendet|sustraído de una iglesia
provenant d'une collection particulière|proveniente da una collezione privata|from a private collection|aus einer Privatsammlung|procedente de una colección particular
monogrammé en bas à gauche|siglato in basso a sinistra|monogrammed lower left|unten links monogrammiert|monogramado abajo a la izquierda
numéro d'inventaire au dos|numero di inventario sul retro|inventory number on the back|Inventarnummer auf der Rückseite|número de inventario al dorso
quelques craquelures|alcune crettature|some craquelure|leichtes Craquelé|algunos craquelados
rentoilé|rintelato|relined|doubliert|reentelado
vernis jauni|vernice ingiallita|yellowed varnish|vergilbter Firnis|barniz amarillento
patine brune|patina bruna|brown patina|braune Patina|pátina marrón
patine verte|patina verde|green patina|grüne Patina|pátina verde
traces de dorure|tracce di doratura|traces of gilding|Reste von Vergoldung|restos de dorado
sur son socle d'origine|sul suo zoccolo originale|on its original base|auf originalem Sockel|sobre su peana original
fonte à la cire perdue|fusione a cera persa|lost-wax cast|Wachsausschmelzguss|fundición a la cera perdida
épreuve numérotée|esemplare numerato|numbered impression|nummerierter Abzug|ejemplar numerado
marque de fondeur|marchio della fonderia|foundry mark|Gießerstempel|marca de fundición
disparu lors d'un transport|scomparso durante un trasporto|lost in transit|beim Transport verschwunden|desaparecido durante un transporte
reproduit dans le catalogue raisonné|riprodotto nel catalogo ragionato|reproduced in the catalogue raisonné|im Werkverzeichnis abgebildet|reproducido en el catálogo razonado
exposé au musée jusqu'au vol|esposto al museo fino al furto|on display in the museum until the theft|bis zum Diebstahl im Museum ausgestellt|expuesto en el museo hasta el robo
accident au coin inférieur|danno all'angolo inferiore|damage to the lower corner|Beschädigung an der unteren Ecke|daño en la esquina inferior
dédicacé au revers|dedica sul retro|dedicated on the reverse|rückseitig gewidmet|dedicado en el reverso
poinçons de maître orfèvre|punzoni dell'argentiere|maker's marks|Meistermarken|marcas de platero
feuillets manquants|carte mancanti|missing leaves|fehlende Blätter|folios faltantes
enluminures à pleine page|miniature a piena pagina|full-page miniatures|ganzseitige Miniaturen|miniaturas a toda página
tissé en laine et soie|tessuto in lana e seta|woven in wool and silk|in Wolle und Seide gewebt|tejido en lana y seda
restes de polychromie|resti di policromia|remains of polychromy|Reste der Fassung|restos de policromía
provenant de fouilles clandestines|proveniente da scavi clandestini|from clandestine excavations|aus Raubgrabungen|procedente de excavaciones clandestinas
photographie disponible|fotografia disponibile|photograph available|Foto vorhanden|fotografía disponible
signalé par le propriétaire|segnalato dal proprietario|reported by the owner|vom Eigentümer gemeldet|denunciado por el propietario`),
			creatorPrefixes: phraseLexicon(1, `
attribué à|attribuito a|attributed to|zugeschrieben|atribuido a
atelier de|bottega di|workshop of|Werkstatt des|taller de
entourage de|cerchia di|circle of|Umkreis von|círculo de
école de|scuola di|school of|Schule von|escuela de
suiveur de|seguace di|follower of|Nachfolger von|seguidor de
d'après|da|after|nach|según`),
			anonymous: phraseLexicon(1, `
anonyme|anonimo|anonymous|anonym|anónimo
maître inconnu|maestro ignoto|unknown master|unbekannter Meister|maestro desconocido
artiste inconnu|artista ignoto|unknown artist|unbekannter Künstler|artista desconocido
école française|scuola francese|French school|französische Schule|escuela francesa
école italienne|scuola italiana|Italian school|italienische Schule|escuela italiana
école flamande|scuola fiamminga|Flemish school|flämische Schule|escuela flamenca
école espagnole|scuola spagnola|Spanish school|spanische Schule|escuela española
école allemande|scuola tedesca|German school|deutsche Schule|escuela alemana
école vénitienne|scuola veneta|Venetian school|venezianische Schule|escuela veneciana
école de Cuzco|scuola di Cuzco|Cuzco school|Schule von Cuzco|escuela cuzqueña
atelier romain|officina romana|Roman workshop|römische Werkstatt|taller romano
art étrusque|arte etrusca|Etruscan art|etruskische Kunst|arte etrusco
art byzantin|arte bizantina|Byzantine art|byzantinische Kunst|arte bizantino
art précolombien|arte precolombiana|pre-Columbian art|präkolumbische Kunst|arte precolombino`),
			italianGiven: zipf(splitNames(`Giovanni|Giuseppe|Antonio|Francesco|Pietro|Paolo|Andrea|Domenico|Luca|Bartolomeo|Jacopo|
				Lorenzo|Michele|Carlo|Filippo|Niccolò|Alessandro|Girolamo|Sebastiano|Tommaso|Guido|Bernardo|Cosimo|
				Agnolo|Vittore|Gentile|Sandro|Federico|Luigi|Umberto|Giacomo|Marco|Benedetto|Ludovico|Annibale|Agostino|
				Artemisia|Sofonisba|Lavinia|Elisabetta|Rosalba|Fede|Marietta|Giovanna|Maria|Anna|Lucia|Chiara`), 4),
			italianFamily: zipf(splitNames(`Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|
				De Luca|Costa|Giordano|Mancini|Rizzo|Lombardi|Moretti|Barbieri|Fontana|Santoro|Mariani|Rinaldi|Caruso|
				Ferrara|Galli|Martini|Leone|Longo|Gentile|Martinelli|Vitale|Lombardo|Serra|Coppola|De Santis|D'Angelo|
				Marchetti|Parisi|Villa|Conte|Ferraro|Ferri|Fabbri|Bianco|Marini|Grasso|Valentini|Messina|Sala|
				De Angelis|Gatti|Pellegrini|Palumbo|Sanna|Farina|Rizzi|Monti|Cattaneo|Morelli|Amato|Silvestri|Mazza|
				Testa|Grassi|Pellegrino|Carbone|Giuliani|Benedetti|Barone|Rossetti|Caputo|Montanari|Guerra|Palmieri|
				Bernardi|Martino|Fiore|De Rosa|Ferretti|Bellini|Basile|Riva|Donati|Piras|Vitali|Battaglia|Sartori|
				Neri|Costantini|Milani|Pagano|Ruggiero|Sorrentino|D'Amico|Orlando|Negri|Zanetti|Bassi|Guardi|Longhi`), 8),
		}
		v := artWords
		v.paper, v.parchment, v.silk = v.supports.concept("papier"), v.supports.concept("parchemin"), v.supports.concept("soie")
		v.ink = v.drawingTechniques.concept("encre")
		v.gold, v.silver, v.wool = v.materials.concept("or"), v.materials.concept("argent"), v.materials.concept("laine")
		v.collection, v.after = v.nouns.concept("collection"), v.creatorPrefixes.concept("d'après")
		v.number = [languageCount]string{inFrench: "numéro", inItalian: "numero", inEnglish: "number", inGerman: "Nummer", inSpanish: "número"}
	})
	return artWords
}

// splitNames reads "a|b|c".
func splitNames(text string) []string {
	var out []string
	for _, s := range spellings(text) {
		out = append(out, s[0])
	}
	return out
}
