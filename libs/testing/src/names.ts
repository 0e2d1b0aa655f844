/**
 * Name lists for synthetic rosters. Common French surnames and first names, combined at random:
 * no entry or combination describes a real person. Compound forms are kept apart so the generator
 * can guarantee each form appears (particles with spaces, hyphens, apostrophes).
 */
export const SIMPLE_SURNAMES: readonly string[] = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet',
  'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Collet', 'Léger',
  'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Cousin', 'Germain', 'Breton', 'Besson',
  'Langlois', 'Rémy', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré', 'Lebrun', 'Marchal', 'Weber',
  'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez', 'Guichard', 'Gillet', 'Étienne',
  'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Bouvet', 'Gay', 'Lemaître', 'Bénard',
  'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret', 'Barthélemy', 'Cordier', 'Pichon', 'Lejeune',
  'Gilbert', 'Lamy', 'Delaunay', 'Pasquier', 'Carlier', 'Laporte', 'Hébert', 'Bazin', 'Ferrand', 'Côté',
  'Besnard', 'Thébault', 'Pagès', 'Hoareau', 'Jourdan', 'Grégoire', 'Bégué', 'Lenoir', 'Valentin', 'Lefèbvre',
  'Fèvre', 'Boël', 'Loïs', 'Héraud', 'Garçon', 'Françon', 'Aït', 'Moïse', 'Bôle', 'Crête',
  'Mahé', 'Géraud', 'Lebœuf', 'Lecœur', 'Thévenin', 'Rivoire', 'Chrétien', 'Cléry', 'Gâteau', 'Dorée',
  'Diallo', 'Traoré', 'Camara', 'Nguyen', 'Tran', 'Haddad', 'Benali', 'Mansour', 'Yilmaz', 'Kowalski',
];

/** Surnames made of several words: particles with spaces, hyphenated, with an apostrophe. */
export const COMPOUND_SURNAMES: readonly string[] = [
  'Ben Salah', 'Ben Ahmed', 'Ben Youssef', 'Ben Amor', 'Ait Ali', 'El Amrani', 'El Idrissi', 'Abou Zeid',
  'De La Fontaine', 'De La Roche', 'De Sousa', 'Da Silva', 'Dos Santos', 'De Oliveira', 'Du Pont', 'Van Den Berg',
  'Le Gall', 'Le Goff', 'Le Roux', 'Le Bihan', 'Le Guen', 'Le Corre', 'La Fayette', 'Le Hénaff', 'Le Bris',
  'Martin-Dubois', 'Lefèvre-Garnier', 'Petit-Jean', 'Bernard-Moreau', 'Roux-Chevalier', 'Saint-Hilaire',
  'Durand-Ménard', 'Faure-Brac', 'Gérard-Noël', 'Colin-Maréchal', 'Sainte-Marie', 'Morel-Lévêque',
  "N'Diaye", "N'Guessan", "N'Goma", "D'Almeida", "D'Arcy", "L'Hermitte", "O'Neill", "D'Herbès",
  'Da Costa-Lefèvre', 'De La Tour-Dubois',
];

export const SIMPLE_FIRST_NAMES: readonly string[] = [
  'Léa', 'Emma', 'Chloé', 'Manon', 'Inès', 'Camille', 'Zoé', 'Jade', 'Louise', 'Lina',
  'Anaïs', 'Maëlle', 'Éloïse', 'Héloïse', 'Noémie', 'Océane', 'Clémence', 'Juliette', 'Margaux', 'Sarah',
  'Laura', 'Lucie', 'Mathilde', 'Pauline', 'Élodie', 'Hélène', 'Agathe', 'Alice', 'Ambre', 'Romane',
  'Mélissa', 'Célia', 'Lou', 'Nina', 'Rose', 'Anna', 'Clara', 'Julie', 'Marie', 'Justine',
  'Maëva', 'Maïwenn', 'Ophélie', 'Gaëlle', 'Aurélie', 'Cécile', 'Françoise', 'Bérénice', 'Ségolène', 'Noëlie',
  'Éva', 'Émilie', 'Léonie', 'Lison', 'Capucine', 'Salomé', 'Yasmine', 'Aïcha', 'Fatoumata', 'Amélie',
  'Héléna', 'Loïse', 'Naïs', 'Adèle', 'Mélanie', 'Thaïs', 'Zélie', 'Séréna', 'Apolline', 'Éléonore',
  'Lilou', 'Elsa', 'Iris', 'Jeanne', 'Margot', 'Mila', 'Nour', 'Victoire', 'Suzanne', 'Olivia',
  'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Raphaël', 'Adam', 'Léo', 'Nathan',
  'Théo', 'Mathéo', 'Noé', 'Ethan', 'Tom', 'Maël', 'Sacha', 'Paul', 'Timéo', 'Nolan',
  'Clément', 'Jérôme', 'Jérémy', 'Benoît', 'Loïc', 'Gaël', 'Joël', 'Cédric', 'François', 'Anaël',
  'Côme', 'Aurèle', 'Enzo', 'Élie', 'Évan', 'Noël', 'Hélios', 'Ismaël', 'Raphaëlle', 'Mickaël',
  'Antoine', 'Baptiste', 'Mathis', 'Mathys', 'Maxime', 'Thomas', 'Valentin', 'Victor', 'Alexandre', 'Quentin',
  'Romain', 'Julien', 'Nicolas', 'Samuel', 'Simon', 'Robin', 'Axel', 'Kylian', 'Rayan', 'Yanis',
  'Mohamed', 'Amine', 'Ibrahim', 'Moussa', 'Youssef', 'Karim', 'Malik', 'Sofiane', 'Bilal', 'Ilyès',
  'Aurélien', 'Bastien', 'Corentin', 'Damien', 'Erwan', 'Florian', 'Gaëtan', 'Killian', 'Lény', 'Morgan',
  'Océan', 'Pierre', 'Rémi', 'Sébastien', 'Tristan', 'Ulysse', 'Vianney', 'Wassim', 'Xavier', 'Zacharie',
  'Adrien', 'Alexis', 'Benjamin', 'Charles', 'Dylan', 'Édouard', 'Félix', 'Gabin', 'Hippolyte', 'Isaac',
  'Joachim', 'Kévin', 'Lilian', 'Marius', 'Nathanaël', 'Oscar', 'Pablo', 'Roméo', 'Solal', 'Tiago',
  'Aloïs', 'Armel', 'Basile', 'Célestin', 'Dorian', 'Émile', 'Fabien', 'Grégoire', 'Honoré', 'Jérémie',
  'Agnès', 'Blanche', 'Charlotte', 'Daphné', 'Esther', 'Fanny', 'Gwenaëlle', 'Hermine', 'Ilona', 'Joséphine',
  'Kenza', 'Léna', 'Maëlys', 'Nadège', 'Odile', 'Perrine', 'Rachel', 'Solène', 'Tiphaine', 'Valérie',
  'Wendy', 'Yaëlle', 'Zaïna', 'Astrid', 'Bérangère', 'Coralie', 'Delphine', 'Estelle', 'Flavie', 'Gisèle',
];

/** First names joined by a hyphen, as they are written in French registers. */
export const COMPOUND_FIRST_NAMES: readonly string[] = [
  'Jean-Marc', 'Marie-Ève', 'Anne-Sophie', 'Jean-Baptiste', 'Pierre-Louis', 'Marie-Clémence', 'Jean-Noël',
  'Marie-Hélène', 'Anne-Laure', 'Louis-Régis', 'Paul-Émile', 'Marie-Zoé', 'Jean-Gaël', 'Lou-Anne', 'Marc-Aurèle',
  'Léa-Rose', 'Jean-Côme', 'Marie-Noëlle', 'Pierre-Aimé', 'Anne-Élise',
];

/** Surname pairs that differ by one letter or accent: near-homonyms a matcher must keep apart. */
export const NEAR_SURNAMES: readonly (readonly [string, string])[] = [
  ['Dupont', 'Dupond'], ['Lefèvre', 'Lefebvre'], ['Martin', 'Martins'], ['Bernard', 'Besnard'],
  ['Moreau', 'Moreaux'], ['Leclerc', 'Leclercq'], ['Chevalier', 'Chevallier'], ['Gautier', 'Gauthier'],
  ['Hoarau', 'Hoareau'], ['Colin', 'Collin'], ['Le Gall', 'Legall'], ['Perrin', 'Perin'],
];

/** First-name pairs one letter or accent apart (often twins in the same class). */
export const NEAR_FIRST_NAMES: readonly (readonly [string, string])[] = [
  ['Léa', 'Léo'], ['Louis', 'Louise'], ['Mathis', 'Mathys'], ['Chloé', 'Cloé'], ['Gaël', 'Maël'],
  ['Éloïse', 'Héloïse'], ['Théo', 'Téo'], ['Noémie', 'Noemie'], ['Noé', 'Zoé'], ['Lina', 'Line'],
];
