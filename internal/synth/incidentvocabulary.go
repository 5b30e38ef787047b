package synth

import (
	"strings"
	"sync"
)

// The words of terrorist incidents as bureaus report them: kinds of
// attack, targets, means, perpetrators, what they did, and the set
// phrases of a report, in the five languages of textgen.go, the most
// frequent first; and the places they happened in. None describes a real
// incident.

// incidentVocabulary is the parsed tables, built once.
type incidentVocabulary struct {
	attacks, targets, means, actors, nouns *lexicon
	verbs, phrases                         *lexicon
	adjectives                             *lexicon
	cities                                 weighted[city]
}

// city is a place incidents happen in and its country (ISO 3166-1 alpha-3).
type city struct{ name, country string }

// targetPrepositions place an act at its target ("devant", "outside").
var targetPrepositions = [languageCount][]string{
	inFrench:  {"devant", "dans", "contre", "près de", "à l'entrée de"},
	inItalian: {"davanti a", "dentro", "contro", "vicino a", "all'ingresso di"},
	inEnglish: {"outside", "inside", "at", "near", "at the entrance of"},
	inGerman:  {"vor", "in", "an", "nahe", "am Eingang"},
	inSpanish: {"frente a", "dentro de", "contra", "cerca de", "a la entrada de"},
}

var (
	incidentOnce  sync.Once
	incidentWords *incidentVocabulary
)

func incidentVocab() *incidentVocabulary {
	incidentOnce.Do(func() {
		incidentWords = &incidentVocabulary{
			attacks: nounLexicon(2, `
attentat à la bombe/attentats à la bombe|attentato dinamitardo/attentati dinamitardi|bombing|Bombenanschlag/Bombenanschläge|atentado con bomba/atentados con bomba
attentat|attentato|attack|Anschlag/Anschläge|atentado
fusillade|sparatoria|shooting|Schießerei/Schießereien|tiroteo
attentat suicide/attentats suicides|attentato suicida/attentati suicidi|suicide bombing|Selbstmordanschlag/Selbstmordanschläge|atentado suicida/atentados suicidas
incendie criminel/incendies criminels|incendio doloso/incendi dolosi|arson attack|Brandanschlag/Brandanschläge|incendio provocado/incendios provocados
enlèvement|sequestro|kidnapping|Entführung/Entführungen|secuestro
prise d'otages/prises d'otages|presa di ostaggi/prese di ostaggi|hostage taking|Geiselnahme/Geiselnahmen|toma de rehenes/tomas de rehenes
détournement|dirottamento|hijacking|Flugzeugentführung/Flugzeugentführungen|secuestro aéreo/secuestros aéreos
attaque au couteau/attaques au couteau|accoltellamento|stabbing|Messerangriff/Messerangriffe|ataque con cuchillo/ataques con cuchillo
assassinat|assassinio|assassination|Attentat/Attentate|asesinato
explosion|esplosione|explosion|Explosion/Explosionen|explosión
attaque à la voiture-bélier/attaques à la voiture-bélier|attacco con veicolo/attacchi con veicolo|vehicle ramming|Amokfahrt/Amokfahrten|atropello masivo/atropellos masivos
embuscade|imboscata|ambush|Hinterhalt/Hinterhalte|emboscada
sabotage|sabotaggio/sabotaggi|sabotage|Sabotage/Sabotagen|sabotaje
attaque armée/attaques armées|assalto armato/assalti armati|armed assault|bewaffneter Überfall/bewaffnete Überfälle|asalto armado/asaltos armados
tentative d'attentat/tentatives d'attentat|tentato attentato/tentati attentati|attempted attack|Anschlagsversuch/Anschlagsversuche|intento de atentado/intentos de atentado
attaque au drone/attaques au drone|attacco con drone/attacchi con drone|drone attack|Drohnenangriff/Drohnenangriffe|ataque con dron/ataques con dron
attaque chimique/attaques chimiques|attacco chimico/attacchi chimici|chemical attack|Chemieanschlag/Chemieanschläge|ataque químico/ataques químicos
colis piégé/colis piégés|pacco bomba/pacchi bomba|parcel bomb|Paketbombe/Paketbomben|paquete bomba/paquetes bomba
attentat à la voiture piégée/attentats à la voiture piégée|attentato con autobomba/attentati con autobomba|car bombing|Autobombenanschlag/Autobombenanschläge|atentado con coche bomba/atentados con coche bomba
tir de roquettes/tirs de roquettes|lancio di razzi/lanci di razzi|rocket attack|Raketenangriff/Raketenangriffe|ataque con cohetes/ataques con cohetes
cyberattaque|attacco informatico/attacchi informatici|cyberattack|Cyberangriff/Cyberangriffe|ciberataque
menace|minaccia/minacce|threat|Drohung/Drohungen|amenaza
complot|complotto|plot|Komplott/Komplotte|complot/complots
massacre|strage/stragi|massacre|Massaker/Massaker|masacre`),
			targets: nounLexicon(4, `
ambassade|ambasciata|embassy/embassies|Botschaft/Botschaften|embajada
gare|stazione|railway station|Bahnhof/Bahnhöfe|estación
marché|mercato|market|Markt/Märkte|mercado
commissariat|commissariato|police station|Polizeiwache/Polizeiwachen|comisaría
aéroport|aeroporto|airport|Flughafen/Flughäfen|aeropuerto
hôtel|albergo/alberghi|hotel|Hotel/Hotels|hotel/hoteles
caserne|caserma|barracks/barracks|Kaserne/Kasernen|cuartel
consulat|consolato|consulate|Konsulat/Konsulate|consulado
métro|metropolitana|underground|U-Bahn/U-Bahnen|metro
autobus|autobus/autobus|bus/buses|Bus/Busse|autobús
train|treno|train|Zug/Züge|tren
centre commercial/centres commerciaux|centro commerciale/centri commerciali|shopping centre|Einkaufszentrum/Einkaufszentren|centro comercial/centros comerciales
restaurant|ristorante|restaurant|Restaurant/Restaurants|restaurante
café|caffè/caffè|café|Café/Cafés|cafetería
salle de concert/salles de concert|sala concerti/sale concerti|concert hall|Konzerthalle/Konzerthallen|sala de conciertos/salas de conciertos
stade|stadio|stadium|Stadion/Stadien|estadio
église|chiesa/chiese|church|Kirche/Kirchen|iglesia
mosquée|moschea|mosque|Moschee/Moscheen|mezquita
synagogue|sinagoga/sinagoghe|synagogue|Synagoge/Synagogen|sinagoga
école|scuola|school|Schule/Schulen|escuela
université|università/università|university/universities|Universität/Universitäten|universidad
hôpital/hôpitaux|ospedale|hospital|Krankenhaus/Krankenhäuser|hospital
ministère|ministero|ministry/ministries|Ministerium/Ministerien|ministerio
parlement|parlamento|parliament|Parlament/Parlamente|parlamento
mairie|municipio|town hall|Rathaus/Rathäuser|ayuntamiento
tribunal|tribunale|court|Gericht/Gerichte|tribunal
prison|carcere|prison|Gefängnis/Gefängnisse|prisión
poste frontière/postes frontières|posto di frontiera/posti di frontiera|border post|Grenzposten/Grenzposten|puesto fronterizo/puestos fronterizos
point de contrôle/points de contrôle|posto di blocco/posti di blocco|checkpoint|Kontrollpunkt/Kontrollpunkte|control/controles
convoi|convoglio/convogli|convoy|Konvoi/Konvois|convoy/convoyes
patrouille|pattuglia|patrol|Patrouille/Patrouillen|patrulla
oléoduc|oleodotto|pipeline|Pipeline/Pipelines|oleoducto
centrale électrique/centrales électriques|centrale elettrica/centrali elettriche|power station|Kraftwerk/Kraftwerke|central eléctrica/centrales eléctricas
port|porto|port|Hafen/Häfen|puerto
pont|ponte|bridge|Brücke/Brücken|puente
banque|banca/banche|bank|Bank/Banken|banco
journal/journaux|giornale|newspaper|Zeitung/Zeitungen|periódico
rédaction|redazione|newsroom|Redaktion/Redaktionen|redacción
discothèque|discoteca/discoteche|nightclub|Diskothek/Diskotheken|discoteca
festival/festivals|festival/festival|festival|Festival/Festivals|festival/festivales
défilé|parata|parade|Parade/Paraden|desfile
manifestation|manifestazione|demonstration|Kundgebung/Kundgebungen|manifestación
touriste|turista/turisti|tourist|Tourist/Touristen|turista
policier|poliziotto|police officer|Polizist/Polizisten|policía
soldat|soldato|soldier|Soldat/Soldaten|soldado
diplomate|diplomatico/diplomatici|diplomat|Diplomat/Diplomaten|diplomático
journaliste|giornalista/giornalisti|journalist|Journalist/Journalisten|periodista
juge|giudice|judge|Richter/Richter|juez
ferry|traghetto|ferry/ferries|Fähre/Fähren|transbordador
avion|aereo|aircraft/aircraft|Flugzeug/Flugzeuge|avión
station-service/stations-service|stazione di servizio/stazioni di servizio|petrol station|Tankstelle/Tankstellen|gasolinera
village|villaggio/villaggi|village|Dorf/Dörfer|aldea
camp de réfugiés/camps de réfugiés|campo profughi/campi profughi|refugee camp|Flüchtlingslager/Flüchtlingslager|campo de refugiados/campos de refugiados`),
			means: nounLexicon(3, `
engin explosif improvisé/engins explosifs improvisés|ordigno esplosivo improvvisato/ordigni esplosivi improvvisati|improvised explosive device|unkonventionelle Sprengvorrichtung/unkonventionelle Sprengvorrichtungen|artefacto explosivo improvisado/artefactos explosivos improvisados
explosif|esplosivo|explosive|Sprengstoff/Sprengstoffe|explosivo
fusil d'assaut/fusils d'assaut|fucile d'assalto/fucili d'assalto|assault rifle|Sturmgewehr/Sturmgewehre|fusil de asalto/fusiles de asalto
voiture piégée/voitures piégées|autobomba/autobombe|car bomb|Autobombe/Autobomben|coche bomba/coches bomba
pistolet|pistola|handgun|Pistole/Pistolen|pistola
couteau|coltello|knife/knives|Messer/Messer|cuchillo
ceinture d'explosifs/ceintures d'explosifs|cintura esplosiva/cinture esplosive|explosive belt|Sprengstoffgürtel/Sprengstoffgürtel|cinturón explosivo/cinturones explosivos
kalachnikov|kalashnikov/kalashnikov|Kalashnikov|Kalaschnikow/Kalaschnikows|kalashnikov/kalashnikovs
camion|camion/camion|truck|Lastwagen/Lastwagen|camión
grenade|granata|grenade|Granate/Granaten|granada
fusil|fucile|rifle|Gewehr/Gewehre|fusil/fusiles
camionnette|furgone|van|Transporter/Transporter|furgoneta
voiture|automobile|car|Auto/Autos|coche
gilet explosif/gilets explosifs|giubbotto esplosivo/giubbotti esplosivi|suicide vest|Sprengstoffweste/Sprengstoffwesten|chaleco explosivo/chalecos explosivos
lance-roquettes/lance-roquettes|lanciarazzi/lanciarazzi|rocket launcher|Raketenwerfer/Raketenwerfer|lanzacohetes/lanzacohetes
mortier|mortaio/mortai|mortar|Mörser/Mörser|mortero
drone|drone/droni|drone|Drohne/Drohnen|dron/drones
machette|machete/machete|machete|Machete/Macheten|machete
hache|ascia/asce|axe|Axt/Äxte|hacha
moto|moto/moto|motorcycle|Motorrad/Motorräder|moto
bouteille de gaz/bouteilles de gaz|bombola di gas/bombole di gas|gas cylinder|Gasflasche/Gasflaschen|bombona de gas/bombonas de gas
cocotte-minute/cocottes-minute|pentola a pressione/pentole a pressione|pressure cooker|Schnellkochtopf/Schnellkochtöpfe|olla a presión/ollas a presión
détonateur|detonatore|detonator|Zünder/Zünder|detonador/detonadores
minuterie|timer/timer|timer|Zeitzünder/Zeitzünder|temporizador/temporizadores
téléphone portable/téléphones portables|telefono cellulare/telefoni cellulari|mobile phone|Mobiltelefon/Mobiltelefone|teléfono móvil/teléfonos móviles
télécommande|telecomando|remote control|Fernauslöser/Fernauslöser|mando a distancia/mandos a distancia
engrais|fertilizzante|fertiliser|Dünger/Dünger|fertilizante
TATP/TATP|TATP/TATP|TATP/TATP|TATP/TATP|TATP/TATP
nitrate d'ammonium/nitrate d'ammonium|nitrato di ammonio/nitrato di ammonio|ammonium nitrate/ammonium nitrate|Ammoniumnitrat/Ammoniumnitrat|nitrato de amonio/nitrato de amonio
essence/essence|benzina/benzina|petrol/petrol|Benzin/Benzin|gasolina/gasolina
cocktail Molotov/cocktails Molotov|bottiglia molotov/bottiglie molotov|Molotov cocktail|Molotowcocktail/Molotowcocktails|cóctel molotov/cócteles molotov
engin incendiaire/engins incendiaires|ordigno incendiario/ordigni incendiari|incendiary device|Brandsatz/Brandsätze|artefacto incendiario/artefactos incendiarios
gaz toxique/gaz toxiques|gas tossico/gas tossici|toxic gas|Giftgas/Giftgase|gas tóxico/gases tóxicos
agent neurotoxique/agents neurotoxiques|agente nervino/agenti nervini|nerve agent|Nervenkampfstoff/Nervenkampfstoffe|agente nervioso/agentes nerviosos
ricine/ricine|ricina/ricina|ricin/ricin|Rizin/Rizin|ricina/ricina
uniforme|uniforme|uniform|Uniform/Uniformen|uniforme
faux papiers/faux papiers|documenti falsi/documenti falsi|forged documents|gefälschte Papiere/gefälschte Papiere|documentos falsos/documentos falsos
voiture volée/voitures volées|auto rubata/auto rubate|stolen car|gestohlenes Auto/gestohlene Autos|coche robado/coches robados
sac à dos/sacs à dos|zaino/zaini|backpack|Rucksack/Rucksäcke|mochila
valise|valigia/valigie|suitcase|Koffer/Koffer|maleta
colis/colis|pacco/pacchi|parcel|Paket/Pakete|paquete
lettre piégée/lettres piégées|lettera esplosiva/lettere esplosive|letter bomb|Briefbombe/Briefbomben|carta bomba/cartas bomba`),
			actors: nounLexicon(2, `
assaillant|assalitore|attacker|Angreifer/Angreifer|atacante
tireur|tiratore|gunman/gunmen|Schütze/Schützen|pistolero
kamikaze|kamikaze/kamikaze|suicide bomber|Selbstmordattentäter/Selbstmordattentäter|terrorista suicida/terroristas suicidas
commando|commando/commando|commando|Kommando/Kommandos|comando
cellule|cellula|cell|Zelle/Zellen|célula
groupe armé/groupes armés|gruppo armato/gruppi armati|armed group|bewaffnete Gruppe/bewaffnete Gruppen|grupo armado/grupos armados
militant|militante|militant|Kämpfer/Kämpfer|militante
auteur|autore|perpetrator|Täter/Täter|autor/autores
complice|complice|accomplice|Komplize/Komplizen|cómplice
conducteur|autista/autisti|driver|Fahrer/Fahrer|conductor/conductores
individu|individuo|individual|Person/Personen|individuo
suspect|sospettato|suspect|Verdächtiger/Verdächtige|sospechoso
homme armé/hommes armés|uomo armato/uomini armati|armed man/armed men|bewaffneter Mann/bewaffnete Männer|hombre armado/hombres armados
djihadiste|jihadista/jihadisti|jihadist|Dschihadist/Dschihadisten|yihadista
extrémiste|estremista/estremisti|extremist|Extremist/Extremisten|extremista
loup solitaire/loups solitaires|lupo solitario/lupi solitari|lone actor|Einzeltäter/Einzeltäter|lobo solitario/lobos solitarios
recrue|recluta/reclute|recruit|Rekrut/Rekruten|recluta
combattant étranger/combattants étrangers|combattente straniero/combattenti stranieri|foreign fighter|ausländischer Kämpfer/ausländische Kämpfer|combatiente extranjero/combatientes extranjeros`),
			verbs: phraseLexicon(2, `
a fait exploser|ha fatto esplodere|detonated|zündete|hizo estallar
a ouvert le feu sur|ha aperto il fuoco su|opened fire on|eröffnete das Feuer auf|abrió fuego contra
a foncé sur|si è lanciato contro|drove into|raste in|embistió contra
a placé|ha collocato|planted|platzierte|colocó
a lancé|ha lanciato|threw|warf|lanzó
a incendié|ha incendiato|set fire to|setzte in Brand|incendió
a attaqué|ha attaccato|attacked|griff an|atacó
a enlevé|ha rapito|abducted|entführte|secuestró
a pris en otage|ha preso in ostaggio|took hostage|nahm als Geisel|tomó como rehén
a poignardé|ha accoltellato|stabbed|erstach|apuñaló
a abattu|ha ucciso|shot dead|erschoss|mató a tiros
s'est fait exploser|si è fatto esplodere|blew himself up|sprengte sich in die Luft|se inmoló
a déposé|ha lasciato|left|hinterließ|dejó
a envoyé|ha inviato|sent|schickte|envió
a dissimulé|ha nascosto|concealed|versteckte|ocultó
a visé|ha preso di mira|targeted|zielte auf|atacó a
a piraté|ha violato|hacked|hackte|hackeó
a menacé|ha minacciato|threatened|bedrohte|amenazó`),
			nouns: nounLexicon(4, `
victime|vittima|victim|Opfer/Opfer|víctima
blessé|ferito|injured person|Verletzter/Verletzte|herido
entrée|ingresso|entrance|Eingang/Eingänge|entrada
heure de pointe/heures de pointe|ora di punta/ore di punta|rush hour|Hauptverkehrszeit/Hauptverkehrszeiten|hora punta/horas punta
revendication|rivendicazione|claim of responsibility/claims of responsibility|Bekennerschreiben/Bekennerschreiben|reivindicación
vidéo|video/video|video|Video/Videos|vídeo
réseaux sociaux/réseaux sociaux|social network/social network|social media/social media|soziale Medien/soziale Medien|redes sociales/redes sociales
communiqué|comunicato|statement|Erklärung/Erklärungen|comunicado
repérage|sopralluogo/sopralluoghi|reconnaissance/reconnaissance|Ausspähung/Ausspähungen|reconocimiento
surveillance|sorveglianza|surveillance/surveillance|Überwachung/Überwachungen|vigilancia
fuite|fuga/fughe|escape|Flucht/Fluchten|huida
planque|covo|safe house|Unterschlupf/Unterschlüpfe|piso franco/pisos francos
cache d'armes/caches d'armes|deposito di armi/depositi di armi|weapons cache|Waffenversteck/Waffenverstecke|zulo
financement|finanziamento|financing/financing|Finanzierung/Finanzierungen|financiación
virement|bonifico/bonifici|transfer|Überweisung/Überweisungen|transferencia
frontière|confine|border|Grenze/Grenzen|frontera
voyage|viaggio/viaggi|journey/journeys|Reise/Reisen|viaje
enquête|indagine|investigation|Ermittlung/Ermittlungen|investigación
arrestation|arresto|arrest|Festnahme/Festnahmen|detención
perquisition|perquisizione|search|Durchsuchung/Durchsuchungen|registro
laboratoire|laboratorio|laboratory/laboratories|Labor/Labore|laboratorio
appartement|appartamento|flat|Wohnung/Wohnungen|piso
chambre d'hôtel/chambres d'hôtel|camera d'albergo/camere d'albergo|hotel room|Hotelzimmer/Hotelzimmer|habitación de hotel/habitaciones de hotel
rançon|riscatto|ransom|Lösegeld/Lösegelder|rescate
otage|ostaggio/ostaggi|hostage|Geisel/Geiseln|rehén
négociation|negoziato|negotiation|Verhandlung/Verhandlungen|negociación
assaut|irruzione|raid|Zugriff/Zugriffe|asalto
forces de l'ordre/forces de l'ordre|forze dell'ordine/forze dell'ordine|security forces/security forces|Sicherheitskräfte/Sicherheitskräfte|fuerzas de seguridad/fuerzas de seguridad
agent de sécurité/agents de sécurité|guardia giurata/guardie giurate|security guard|Wachmann/Wachleute|vigilante
passant|passante|passer-by/passers-by|Passant/Passanten|transeúnte
cible|obiettivo|target|Ziel/Ziele|objetivo
périmètre|perimetro|perimeter|Absperrung/Absperrungen|perímetro
déflagration|deflagrazione|blast|Detonation/Detonationen|deflagración
éclat|scheggia/schegge|shrapnel/shrapnel|Splitter/Splitter|metralla
clou|chiodo|nail|Nagel/Nägel|clavo
bille d'acier/billes d'acier|sfera d'acciaio/sfere d'acciaio|ball bearing|Stahlkugel/Stahlkugeln|bola de acero/bolas de acero
tunnel|galleria|tunnel|Tunnel/Tunnel|túnel
vol|volo|flight|Flug/Flüge|vuelo
cockpit|cabina|cockpit|Cockpit/Cockpits|cabina
réservoir|serbatoio/serbatoi|tank|Tank/Tanks|depósito
réseau/réseaux|rete|network|Netzwerk/Netzwerke|red/redes
propagande|propaganda|propaganda/propaganda|Propaganda/Propaganda|propaganda
allégeance|fedeltà/fedeltà|allegiance|Treueschwur/Treueschwüre|lealtad
témoin|testimone|witness/witnesses|Zeuge/Zeugen|testigo
caméra de surveillance/caméras de surveillance|telecamera di sorveglianza/telecamere di sorveglianza|CCTV camera|Überwachungskamera/Überwachungskameras|cámara de vigilancia/cámaras de vigilancia
plaque d'immatriculation/plaques d'immatriculation|targa/targhe|number plate|Kennzeichen/Kennzeichen|matrícula
empreinte|impronta|fingerprint|Fingerabdruck/Fingerabdrücke|huella
ADN/ADN|DNA/DNA|DNA/DNA|DNA/DNA|ADN/ADN
téléphone|telefono|telephone|Telefon/Telefone|teléfono
messagerie cryptée/messageries cryptées|chat criptata/chat criptate|encrypted messaging|verschlüsselter Messenger/verschlüsselte Messenger|mensajería cifrada/mensajerías cifradas`),
			adjectives: adjectiveLexicon(2, `
armé|armato|armed|bewaffnet|armado
masqué|mascherato|masked|maskiert|enmascarado
cagoulé|incappucciato|hooded|vermummt|encapuchado
improvisé|improvvisato|improvised|improvisiert|improvisado
artisanal/artisanale/artisanaux/artisanales|artigianale|homemade|selbstgebaut|casero
puissant|potente|powerful|stark|potente
bondé|affollato|crowded|überfüllt|abarrotado
piégé|minato|booby-trapped|präpariert|cargado
volé|rubato|stolen|gestohlen|robado
loué|noleggiato|rented|gemietet|alquilado
faux/fausse/fausses|falso|fake|falsch|falso
simultané|simultaneo|simultaneous|gleichzeitig|simultáneo
coordonné|coordinato|coordinated|koordiniert|coordinado
second|secondo|second|zweit|segundo
multiple|multiplo|multiple|mehrfach|múltiple
blindé|blindato|armoured|gepanzert|blindado
militaire|militare|military|militärisch|militar
civil/civile/civils/civiles|civile|civilian|zivil|civil
public/publique/publics/publiques|pubblico/pubblica/pubblici/pubbliche|public|öffentlich|público
principal/principale/principaux/principales|principale|main|zentral|principal
nocturne|notturno|night-time|nächtlich|nocturno
radicalisé|radicalizzato|radicalised|radikalisiert|radicalizado
étranger/étrangère/étrangers/étrangères|straniero|foreign|ausländisch|extranjero
chimique|chimico/chimica/chimici/chimiche|chemical|chemisch|químico
toxique|tossico/tossica/tossici/tossiche|toxic|giftig|tóxico
grave|grave|serious|schwer|grave
léger/légère/légers/légères|leggero|minor|leicht|leve
mortel/mortelle/mortels/mortelles|mortale|fatal|tödlich|mortal
suspect|sospetto|suspicious|verdächtig|sospechoso
abandonné|abbandonato|abandoned|zurückgelassen|abandonado`),
			phrases: phraseLexicon(2, `
les auteurs ont pris la fuite|gli autori sono fuggiti|the perpetrators fled|die Täter flüchteten|los autores huyeron
revendiqué le lendemain|rivendicato il giorno dopo|claimed the next day|am nächsten Tag bekannt|reivindicado al día siguiente
sans revendication|senza rivendicazione|no claim of responsibility|kein Bekennerschreiben|sin reivindicación
l'auteur a été neutralisé|l'autore è stato neutralizzato|the attacker was neutralised|der Täter wurde überwältigt|el autor fue neutralizado
en pleine heure de pointe|in piena ora di punta|during the rush hour|zur Hauptverkehrszeit|en plena hora punta
un second engin n'a pas explosé|un secondo ordigno non è esploso|a second device failed to explode|ein zweiter Sprengsatz zündete nicht|un segundo artefacto no estalló
après plusieurs semaines de repérage|dopo settimane di sopralluoghi|after weeks of reconnaissance|nach wochenlanger Ausspähung|tras semanas de vigilancia
à bord d'une moto|a bordo di una moto|riding a motorcycle|auf einem Motorrad|a bordo de una moto
déguisés en policiers|travestiti da poliziotti|disguised as police officers|als Polizisten verkleidet|disfrazados de policías
vêtus de noir|vestiti di nero|dressed in black|schwarz gekleidet|vestidos de negro
financé par de petits virements|finanziato con piccoli bonifici|financed by small transfers|durch kleine Überweisungen finanziert|financiado con pequeñas transferencias
avec la complicité d'un employé|con la complicità di un dipendente|with the help of an employee|mit Hilfe eines Angestellten|con la complicidad de un empleado
en se faisant passer pour un livreur|fingendosi un fattorino|posing as a delivery driver|als Lieferant getarnt|haciéndose pasar por repartidor
le groupe a diffusé une vidéo|il gruppo ha diffuso un video|the group released a video|die Gruppe veröffentlichte ein Video|el grupo difundió un vídeo
plusieurs victimes civiles|numerose vittime civili|several civilian casualties|mehrere zivile Opfer|varias víctimas civiles
aucune victime|nessuna vittima|no casualties|keine Opfer|ninguna víctima
bilan provisoire|bilancio provvisorio|provisional toll|vorläufige Bilanz|balance provisional
les enquêteurs ont retrouvé des traces d'explosif|gli inquirenti hanno trovato tracce di esplosivo|investigators found traces of explosive|Ermittler fanden Sprengstoffspuren|los investigadores hallaron restos de explosivo
le véhicule avait été loué la veille|il veicolo era stato noleggiato il giorno prima|the vehicle had been rented the day before|das Fahrzeug war am Vortag gemietet worden|el vehículo había sido alquilado la víspera
l'engin était dissimulé dans un sac|l'ordigno era nascosto in una borsa|the device was hidden in a bag|der Sprengsatz war in einer Tasche versteckt|el artefacto estaba oculto en una bolsa
les otages ont été libérés|gli ostaggi sono stati liberati|the hostages were released|die Geiseln wurden freigelassen|los rehenes fueron liberados
une rançon a été exigée|è stato chiesto un riscatto|a ransom was demanded|ein Lösegeld wurde gefordert|se exigió un rescate
les suspects ont été arrêtés à la frontière|i sospettati sono stati arrestati al confine|the suspects were arrested at the border|die Verdächtigen wurden an der Grenze festgenommen|los sospechosos fueron detenidos en la frontera
attaque coordonnée sur plusieurs sites|attacco coordinato su più obiettivi|coordinated attack on several sites|koordinierter Angriff auf mehrere Orte|ataque coordinado en varios lugares
allégeance prêtée dans une vidéo|fedeltà giurata in un video|allegiance pledged in a video|Treueschwur in einem Video|lealtad jurada en un vídeo
recrutement sur les réseaux sociaux|reclutamento sui social network|recruited through social media|über soziale Medien rekrutiert|reclutamiento en redes sociales
armes achetées sur le marché noir|armi acquistate al mercato nero|weapons bought on the black market|Waffen auf dem Schwarzmarkt gekauft|armas compradas en el mercado negro
explosifs fabriqués dans un appartement|esplosivi fabbricati in un appartamento|explosives made in a flat|Sprengstoff in einer Wohnung hergestellt|explosivos fabricados en un piso
le conducteur a été abattu|l'autista è stato ucciso|the driver was shot dead|der Fahrer wurde erschossen|el conductor fue abatido
le périmètre a été évacué|il perimetro è stato evacuato|the area was evacuated|das Gelände wurde geräumt|se evacuó el perímetro`),
		}
		var cities []city
		for _, item := range strings.Split(incidentCities, "|") {
			name, code, ok := strings.Cut(strings.TrimSpace(item), ":")
			if !ok {
				panic("BUG: synth: bad city " + item)
			}
			cities = append(cities, city{name, code})
		}
		incidentWords.cities = zipf(cities, 12)
	})
	return incidentWords
}

// incidentCities are where the incidents happened, as "name:ISO3".
const incidentCities = `Paris:FRA|London:GBR|Madrid:ESP|Baghdad:IRQ|Kabul:AFG|Istanbul:TUR|Mogadishu:SOM|Peshawar:PAK|
	Bruxelles:BEL|Berlin:DEU|Nice:FRA|Manchester:GBR|Barcelona:ESP|Nairobi:KEN|Maiduguri:NGA|Mosul:IRQ|Damascus:SYR|
	Beirut:LBN|Jakarta:IDN|Mumbai:IND|Karachi:PAK|Lahore:PAK|Quetta:PAK|Colombo:LKA|Dhaka:BGD|Manila:PHL|Marawi:PHL|
	Bangkok:THA|Cairo:EGY|Alexandria:EGY|Tunis:TUN|Sousse:TUN|Alger:DZA|Casablanca:MAR|Marrakech:MAR|Tripoli:LBY|
	Benghazi:LBY|Khartoum:SDN|Mombasa:KEN|Kampala:UGA|Dar es Salaam:TZA|Addis Ababa:ETH|Abuja:NGA|Kano:NGA|
	Niamey:NER|Bamako:MLI|Ouagadougou:BFA|N'Djamena:TCD|Dakar:SEN|Grand-Bassam:CIV|Maputo:MOZ|Pemba:MOZ|
	New York:USA|Boston:USA|Oklahoma City:USA|Orlando:USA|Washington:USA|Toronto:CAN|Ottawa:CAN|
	Ciudad de México:MEX|Bogotá:COL|Medellín:COL|Lima:PER|Buenos Aires:ARG|Santiago:CHL|Caracas:VEN|
	São Paulo:BRA|Rio de Janeiro:BRA|Sydney:AUS|Melbourne:AUS|Christchurch:NZL|Lisboa:PRT|Dublin:IRL|Belfast:GBR|
	Lyon:FRA|Marseille:FRA|Strasbourg:FRA|Toulouse:FRA|Saint-Étienne-du-Rouvray:FRA|Roma:ITA|Milano:ITA|Bologna:ITA|
	Napoli:ITA|Palermo:ITA|Firenze:ITA|München:DEU|Hamburg:DEU|Köln:DEU|Frankfurt am Main:DEU|Hanau:DEU|Halle:DEU|
	Wien:AUT|Zürich:CHE|Genève:CHE|Amsterdam:NLD|Rotterdam:NLD|Utrecht:NLD|Antwerpen:BEL|Liège:BEL|Stockholm:SWE|
	Oslo:NOR|København:DNK|Helsinki:FIN|Turku:FIN|Warszawa:POL|Praha:CZE|Budapest:HUN|Bucureşti:ROU|Sofia:BGR|
	Burgas:BGR|Athens:GRC|Ankara:TUR|Diyarbakır:TUR|Moscow:RUS|Beslan:RUS|Volgograd:RUS|Kyiv:UKR|Minsk:BLR|
	Tbilisi:GEO|Baku:AZE|Tashkent:UZB|Almaty:KAZ|Bishkek:KGZ|Dushanbe:TJK|Tehran:IRN|Amman:JOR|Riyadh:SAU|
	Sanaa:YEM|Aden:YEM|Jerusalem:ISR|Tel Aviv:ISR|Srinagar:IND|New Delhi:IND|Kuala Lumpur:MYS|Denpasar:IDN|
	Surabaya:IDN|Tokyo:JPN|Bilbao:ESP|Sevilla:ESP|Valencia:ESP|Vitoria-Gasteiz:ESP|Ajaccio:FRA|Bastia:FRA`
