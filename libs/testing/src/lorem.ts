import { type Random } from './random';

/** Exam-like French sentences for the body of synthetic pages (invented, no real exam). */
const SENTENCES: readonly string[] = [
  'Justifier chaque réponse par un calcul ou une phrase complète.',
  'On considère la fonction f définie sur ℝ par f(x) = 3x² − 2x + 1.',
  'Déterminer les coordonnées du point d’intersection des deux droites.',
  'Rédiger un paragraphe argumenté d’une quinzaine de lignes.',
  'Expliquer pourquoi le résultat obtenu est cohérent avec l’énoncé.',
  'Compléter le tableau de valeurs puis tracer la courbe représentative.',
  'Identifier les deux personnages principaux et préciser leur relation.',
  'Calculer la vitesse moyenne du cycliste sur l’ensemble du trajet.',
  'Traduire les phrases suivantes en respectant les temps employés.',
  'Montrer que le triangle ABC est rectangle en B.',
  'Présenter la démarche suivie, même si elle n’aboutit pas.',
  'Situer le document dans son contexte historique et géographique.',
  'Écrire l’équation de la réaction chimique et l’équilibrer.',
  'Relever trois procédés d’écriture et en analyser l’effet.',
  'Quelle est la probabilité de tirer une boule rouge au premier tirage ?',
  'Donner la valeur exacte puis une valeur approchée au dixième près.',
  'Décrire l’évolution de la température entre janvier et juillet.',
  'Reformuler la question posée par l’auteur avec vos propres mots.',
  'Les calculatrices sont autorisées ; le barème est donné à titre indicatif.',
  'Soit une suite arithmétique de premier terme 4 et de raison 1,5.',
  'Commenter le graphique en citant au moins deux valeurs précises.',
  'À l’aide du document 2, expliquer le rôle de la photosynthèse.',
];

export function sentence(random: Random): string {
  return random.pick(SENTENCES);
}
