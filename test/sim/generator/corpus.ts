/**
 * Word banks for the generated fediverse. Everything here is invented; domains end in `.example`
 * (or a sim instance's `.test`) so nothing points at a real site.
 */

export type Lang = 'en' | 'ja' | 'de' | 'fr' | 'es';

export const LANGS: readonly Lang[] = ['en', 'ja', 'de', 'fr', 'es'];

/** Share of ordinary accounts per language. */
export const LANG_WEIGHTS: Record<Lang, number> = { en: 0.42, ja: 0.3, de: 0.12, fr: 0.09, es: 0.07 };

export const SENTENCES: Record<Lang, readonly string[]> = {
  en: [
    'Finally got the sourdough starter going again.',
    'The CI runner ran out of disk again. Time to clean up those Docker images.',
    'Rainy Saturday, perfect for reading.',
    'Anyone else think the new release notes are way too long?',
    'Took the long way home and found a tiny bookshop.',
    'My cat has decided the keyboard is the warmest place in the flat.',
    'Three cups of coffee in and the bug is still there.',
    'Spent the morning repairing an old film camera. It works!',
    'Trains are delayed again, so here is a photo of the station pigeons.',
    'Reading about the history of typesetting tonight.',
    'Just shipped a small patch that fixes the flaky test.',
    'The sunset over the river was unreal today.',
    'Reminder: back up your data before you upgrade.',
    'Made ramen from scratch. It took all afternoon and it was worth it.',
    'Is it too early to start planning the garden?',
    'Today I learned that octopuses taste with their arms.',
    'Our instance is running smoothly after the upgrade, thanks to everyone who helped.',
    'Went for a run before work and now I feel unstoppable.',
    'The library had a sale and I may have bought eleven books.',
    'Finished the jigsaw puzzle. One piece was missing, of course.',
    'Learning Rust one compiler error at a time.',
    'Listening to old jazz records while it snows outside.',
    'Small wins: the houseplant I almost killed has a new leaf.',
    'Does anyone have a good recipe for miso soup?',
    'Fixed the bike, cleaned the chain, ready for the weekend.',
    'I love how quiet the city is early on a Sunday.',
    'Writing documentation is underrated. Future me will be grateful.',
    'Hot take: tabs are fine. Spaces are fine. Please be kind.',
    'Watching the birds at the feeder instead of working.',
    'The conference talk recordings are finally online.',
    'Tried a new tea from a local shop and it tastes like toasted rice.',
    'Moderating a small server is a lot of invisible work. Thank your admins.',
    'Night walk, cold air, bright stars.',
    'Our band played its first gig in two years last night.',
    'Cooking for friends tonight, wish me luck.',
  ],
  ja: [
    '週末は久しぶりに山に登ってきました。空気がおいしい。',
    '梅の花が咲き始めていました。春が近いですね',
    '今日のお昼はカレーうどん。',
    '電車が遅れていて、駅で本を読んでいます。',
    '新しいキーボードが届いた。打鍵感が最高。',
    '猫が膝の上から降りてくれないので作業が進まない。',
    'コーヒーを淹れて一息。',
    '朝焼けがとてもきれいだった。',
    '近所のパン屋さんのクロワッサンが美味しすぎる。',
    'やっとバグの原因がわかった。一文字の typo だった。',
    '今日は一日中雨。家で映画を見る予定。',
    '図書館で借りた本が面白くて止まらない。',
    '久しぶりに友達とラーメンを食べに行った。',
    '寒いけど散歩は気持ちいい。',
    'サーバーのアップデート完了しました。お疲れさまでした。',
    'ベランダのミニトマトに花が咲いた。',
    '写真の整理をしていたら懐かしいものが出てきた。',
    '夜ご飯は鍋にしました。温まる。',
    '仕事終わり。今日もよく頑張った。',
    '新しいカメラのレンズを試しに公園へ。',
    '明日は早起きしないといけないのでもう寝ます。',
    '駅前に新しいカフェができていた。',
    '今日の空、すごく青い。',
    'プログラミングの勉強を始めて三か月。少しずつ楽しくなってきた。',
    '洗濯物がよく乾く天気。',
    '桜の開花予想が出ましたね。',
    'お気に入りの喫茶店でナポリタン。',
    '電子工作でLEDを光らせるところまでできた。',
    '今週はずっと忙しかったので週末はのんびりします。',
    'みなさん、おはようございます。',
  ],
  de: [
    'Endlich Wochenende. Heute wird nur gelesen.',
    'Der Zug hat wieder Verspätung, also gibt es ein Foto vom Bahnhof.',
    'Frisches Brot aus dem eigenen Ofen, was will man mehr.',
    'Die Katze schläft auf meinem Laptop. Arbeit muss warten.',
    'Heute den ganzen Tag am Fahrrad geschraubt.',
    'Kennt jemand ein gutes Buch über Stadtgeschichte?',
    'Der Sonnenuntergang an der Elbe war heute wunderschön.',
    'Unsere Instanz läuft nach dem Update wieder stabil.',
    'Kaffee Nummer drei und der Fehler ist immer noch da.',
    'Spaziergang im Nebel, ganz still im Wald.',
    'Habe heute zum ersten Mal Spätzle selbst gemacht.',
    'Backups nicht vergessen, liebe Admins!',
  ],
  fr: [
    'Enfin le week-end, je vais lire toute la journée.',
    'Le train a encore du retard, voici une photo des pigeons de la gare.',
    'Premier croissant maison, un peu raté mais délicieux.',
    'Mon chat a décidé que le clavier était son lit.',
    'Balade au bord de la Loire ce matin, quel calme.',
    'Quelqu’un connaît un bon livre sur l’histoire de l’imprimerie ?',
    'Mise à jour de notre instance terminée, merci à toutes et à tous.',
    'Troisième café et le bug est toujours là.',
    'Le coucher de soleil était magnifique ce soir.',
    'Soupe à l’oignon pour tout le monde ce soir.',
    'J’ai enfin réparé mon vieux vélo.',
  ],
  es: [
    'Por fin es fin de semana, hoy toca leer.',
    'El tren llega tarde otra vez, así que aquí van las palomas de la estación.',
    'Hice pan casero por primera vez y salió bastante bien.',
    'Mi gato ha decidido que el teclado es su cama.',
    'Paseo por la playa esta mañana, qué tranquilidad.',
    '¿Alguien conoce un buen libro sobre historia de la tipografía?',
    'Actualizamos la instancia sin problemas, gracias a todos.',
    'Tercer café y el error sigue ahí.',
    'El atardecer de hoy fue precioso.',
    'Paella para los amigos esta noche.',
    'Arreglé la bici y ya está lista para el domingo.',
  ],
};

export const TAGS: Record<Lang, readonly string[]> = {
  en: [
    'photography',
    'cats',
    'rust',
    'coffee',
    'mastodon',
    'fediverse',
    'books',
    'gardening',
    'cooking',
    'music',
    'devops',
    'caturday',
  ],
  ja: ['猫', '写真', 'ラーメン', '今日の空', '自炊', '読書', 'カメラ', '散歩'],
  de: ['Katzen', 'Fotografie', 'Berlin', 'Fahrrad', 'Brot', 'Lesen'],
  fr: ['chats', 'photographie', 'Paris', 'lecture', 'cuisine', 'vélo'],
  es: ['gatos', 'fotografía', 'Madrid', 'lectura', 'cocina', 'música'],
};

export const REPLIES: Record<Lang, readonly string[]> = {
  en: [
    'Same here!',
    'That looks great.',
    'Thanks for sharing.',
    'Oh no, good luck!',
    'Ha, I know that feeling.',
    'Congratulations!',
    'Where is this?',
    'Agreed.',
    'Love this.',
    'Good point, I had not thought of that.',
  ],
  ja: [
    'わかります！',
    'いいですね。',
    'ありがとうございます。',
    'お疲れさまです！',
    'おめでとうございます！',
    'それはすごい。',
    'どこですか？',
    '素敵な写真ですね。',
  ],
  de: ['Geht mir genauso!', 'Sieht toll aus.', 'Danke fürs Teilen.', 'Glückwunsch!', 'Wo ist das?'],
  fr: ['Pareil ici !', 'Ça a l’air super.', 'Merci du partage.', 'Félicitations !', 'C’est où ?'],
  es: ['¡Igual aquí!', 'Qué bonito.', 'Gracias por compartir.', '¡Felicidades!', '¿Dónde es esto?'],
};

export const QUOTE_COMMENTS: Record<Lang, readonly string[]> = {
  en: ['Worth reading.', 'This, so much this.', 'Good thread on this.', 'Adding my two cents: yes.'],
  ja: ['これは読んでおきたい。', 'まさにこれ。', '参考になります。'],
  de: ['Lesenswert.', 'Genau das.'],
  fr: ['À lire.', 'Exactement.'],
  es: ['Vale la pena leerlo.', 'Exacto.'],
};

export const HELLO: Record<Lang, readonly string[]> = {
  en: [
    'Hello fediverse! New here, I like hiking, film cameras and bad puns. #introduction',
    'Hi everyone, just joined. Software developer, cat person, occasional baker. #introduction #newhere',
    'First post! Still figuring out how all of this works. #introduction',
  ],
  ja: [
    'はじめまして！今日から始めました。写真と猫が好きです。よろしくお願いします。 #はじめまして',
    'はじめまして。エンジニアをしています。よろしくお願いします！ #自己紹介',
  ],
  de: ['Hallo Fediverse! Neu hier, ich mag Fahrräder und Kaffee. #neuhier #vorstellung'],
  fr: ['Bonjour le fédivers ! Nouvelle ici, j’aime la photo et les chats. #introduction'],
  es: ['¡Hola fediverso! Soy nuevo por aquí, me gusta la fotografía y el café. #presentación'],
};

export const FIRST_NAMES: Record<Lang, readonly string[]> = {
  en: [
    'Alice',
    'Ben',
    'Chloe',
    'Dan',
    'Emma',
    'Finn',
    'Grace',
    'Henry',
    'Iris',
    'Jack',
    'Kate',
    'Liam',
    'Mia',
    'Noah',
    'Olivia',
    'Paul',
    'Quinn',
    'Ruby',
    'Sam',
    'Tess',
    'Uma',
    'Victor',
    'Wren',
    'Zoe',
  ],
  ja: [
    'さくら',
    'はると',
    'ゆい',
    'そうた',
    'あおい',
    'れん',
    'ひな',
    'ゆうと',
    'みお',
    'かいと',
    'ミカ',
    'ソラ',
    'ケン',
    'ユキ',
    'カオリ',
    'ヒロ',
  ],
  de: ['Anna', 'Ben', 'Clara', 'David', 'Emil', 'Frieda', 'Jonas', 'Lena', 'Max', 'Sophie'],
  fr: ['Camille', 'Hugo', 'Léa', 'Louis', 'Manon', 'Nathan', 'Chloé', 'Jules'],
  es: ['Lucía', 'Mateo', 'Sofía', 'Pablo', 'Valeria', 'Diego', 'Carmen', 'Javier'],
};

export const LAST_NAMES: Record<Lang, readonly string[]> = {
  en: ['Smith', 'Nakamura', 'Garcia', 'Brown', 'Lee', 'Wilson', 'Taylor', 'Clark'],
  ja: ['', '', '', '', '🌸', '☕', '📷'],
  de: ['Müller', 'Schmidt', 'Weber', 'Fischer', 'Becker'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Moreau'],
  es: ['García', 'López', 'Martínez', 'Sánchez'],
};

export const USERNAME_WORDS: readonly string[] = [
  'mika',
  'sora',
  'ken',
  'yuki',
  'hiro',
  'kaori',
  'taro',
  'alice',
  'bob',
  'chloe',
  'dan',
  'emma',
  'finn',
  'grace',
  'henry',
  'iris',
  'jonas',
  'lena',
  'max',
  'sophie',
  'camille',
  'hugo',
  'lucia',
  'mateo',
  'pixel',
  'coffee',
  'river',
  'maple',
  'fox',
  'owl',
  'moss',
  'sparrow',
  'birch',
  'cedar',
  'ember',
  'juniper',
  'pepper',
  'quill',
  'rook',
  'sage',
  'tide',
  'velvet',
  'willow',
  'yarrow',
  'zephyr',
  'nori',
  'mochi',
  'kumo',
];

export const BIOS: Record<Lang, readonly string[]> = {
  en: [
    'Open source maintainer. She/her.',
    'Rustacean. Weekend photographer.',
    'Librarian, cyclist, tea drinker.',
    'I post about plants and bad puns.',
    'Sysadmin by day, baker by night.',
    '',
  ],
  ja: [
    '東京在住。コーヒーと写真。',
    '猫と暮らしています。',
    'エンジニア。週末はカメラ。',
    '読書とラーメンが好き。',
    '',
  ],
  de: ['Fahrrad, Kaffee, Linux.', 'Bibliothekarin aus Hamburg.', ''],
  fr: ['Photographe amateur à Lyon.', 'Développeuse, lectrice, cycliste.', ''],
  es: ['Fotógrafo aficionado en Valencia.', 'Desarrolladora y lectora.', ''],
};

/** Ordinary remote servers (Mastodon-style unless the name says Misskey). */
export const REMOTE_DOMAINS: readonly { domain: string; lang: Lang | null; misskey?: boolean; big?: boolean }[] = [
  { domain: 'mstdn.example.jp', lang: 'ja', big: true },
  { domain: 'fedi.example.org', lang: null, big: true },
  { domain: 'tech.example.social', lang: 'en', big: true },
  { domain: 'social.example.de', lang: 'de' },
  { domain: 'mastodon.example.fr', lang: 'fr' },
  { domain: 'red.example.es', lang: 'es' },
  { domain: 'misskey.example.io', lang: 'ja', misskey: true, big: true },
  { domain: 'mk.example.net', lang: 'ja', misskey: true },
  { domain: 'photo.example.net', lang: null },
  { domain: 'hachyderm.example.io', lang: 'en' },
  { domain: 'norden.example.social', lang: 'de' },
  { domain: 'pawoo.example.net', lang: 'ja' },
  { domain: 'toot.example.cafe', lang: null },
  { domain: 'fosstodon.example.org', lang: 'en' },
  { domain: 'mamot.example.fr', lang: 'fr' },
  { domain: 'mastodon.example.uno', lang: 'es' },
];

/** Small servers with open registration that the 2024 waves abused. */
export const SMALL_OPEN_SERVERS: readonly string[] = [
  'mstdn.smallcafe.example',
  'social.openreg.example',
  'm.tinytown.example',
  'don.quietpine.example',
  'mastodon.nightowl.example',
  'fedi.emptyroom.example',
  'toot.oldharbor.example',
  'mstdn.sleepyhollow.example',
];

export const SMALL_MISSKEY_SERVERS: readonly string[] = [
  'msk.tinyhost.example',
  'misskey.abandoned.example',
  'mk.lonelyisland.example',
  'misskey.pocket.example',
  'msk.faraway.example',
];

export const WEATHER_CITIES: readonly { city: string; lang: Lang }[] = [
  { city: 'Tokyo', lang: 'en' },
  { city: 'Berlin', lang: 'de' },
  { city: 'Paris', lang: 'fr' },
  { city: 'Madrid', lang: 'es' },
  { city: 'Osaka', lang: 'en' },
];

export const EARTHQUAKE_PLACES: readonly string[] = [
  '千葉県北西部',
  '茨城県南部',
  '福島県沖',
  '熊本県熊本地方',
  '長野県北部',
  '宮城県沖',
  '石川県能登地方',
];

export const RSS_HEADLINES: readonly string[] = [
  'City council approves new cycling lanes',
  'Researchers map deep-sea coral reefs',
  'Open-source office suite releases major update',
  'Library system extends weekend opening hours',
  'New exhibition on the history of printing opens',
  'Rail operator announces night trains to the coast',
  'Study finds urban gardens cool city blocks',
  'Local bakery wins regional bread award',
];

/** The viral news link that hundreds of real people share (a legitimate near-duplicate burst). */
export const NEWS_LINK = {
  url: 'https://news.example.com/2024/02/17/undersea-cable-cut-disrupts-internet',
  title: 'Undersea cable cut disrupts internet across East Asia',
  description: 'Repair ships are on their way after two cables were damaged; traffic is being rerouted.',
};

export const NEWS_COMMENTS: Record<Lang, readonly string[]> = {
  en: [
    'Wow.',
    'This is huge.',
    'That explains the slow connection today.',
    'Hope they fix it soon.',
    'Interesting read:',
    'Good summary of what happened:',
    '',
  ],
  ja: ['えっ…', 'だから今日遅かったのか。', 'これは大変。', '早く直るといいですね。', ''],
  de: ['Krass.', 'Das erklärt einiges.', 'Hoffentlich schnell repariert.', ''],
  fr: ['Incroyable.', 'Ça explique la lenteur.', ''],
  es: ['Vaya.', 'Eso explica la lentitud de hoy.', ''],
};

/** Real users whose names look random (the 2024 filters had to allow-list such people). */
export const RANDOM_LOOKING_REAL: readonly string[] = [
  'eks4lebwur',
  'm2aioqjxwz',
  'q8zt0vbkma',
  'xw3rplm0ad',
  'k7fjd2nsqe',
  'vb0qzr4ymw',
];

/** The Discord advertisement of the February 2024 wave, in the pieces its mutations recombine. */
export const JA_AD = {
  heads: [
    '【お知らせ】日本最大級のDiscordコミュニティ「荒らし共栄圏」に今すぐ参加しよう！',
    '【お知らせ】日本最大級のＤｉｓｃｏｒｄコミュニティ「荒らし共栄圏」に今すぐ参加しよう！',
    '【お知らせ】日本最大級のDiscordコミュニティ「荒らし共栄圏」に今すぐ参加しよう!!',
  ],
  middles: ['参加するだけで限定特典をプレゼント', '今なら参加するだけで限定特典プレゼント'],
  tails: ['詳しくはこちら👉', '詳しくはこちら'],
  official: '荒らし共栄圏 公式サイト',
  fallback: '画像が貼れなかったのでメンションだけします',
  links: ['https://荒らし.example/', 'https://ctkpaarr.example/', 'https://discord.gg.example/ctkpaarr'],
};

/** The text wave: rotating link domains and small mutations. */
export const TEXT_WAVE = {
  bodies: [
    'Claim your free ETH airdrop before it ends',
    'Exclusive giveaway for early followers, limited spots left',
    'Verify your wallet to receive the bonus tokens',
    'Get 10,000 followers in 24 hours, guaranteed',
  ],
  domains: [
    'claim-eth-bonus.example',
    'airdrop-portal.example',
    'wallet-verify.example',
    'free-tokens-now.example',
    'bonus-claim.example',
    'giveaway-center.example',
    'followers-fast.example',
    'eth-drop.example',
    'promo-gift.example',
    'token-rewards.example',
  ],
  emoji: ['🎉', '🚀', '💰', '🔥', '✨', '🎁'],
  punct: ['!', '!!', '.', '‼', ' !', '!!!'],
  displayNames: ['Crypto News', 'Airdrop Alerts', 'Token Giveaways', 'Web3 Daily', 'Free Bonus', ''],
};

/** Visually identical letters (Cyrillic / Greek) used to dodge exact-match filters. */
export const CONFUSABLES: Record<string, string> = {
  a: '\u0430',
  e: '\u0435',
  o: '\u043e',
  p: '\u0440',
  c: '\u0441',
  i: '\u0456',
  x: '\u0445',
};

export const ZERO_WIDTH: readonly string[] = ['\u200b', '\u200c', '\u200d', '\u2060'];
