/** Name pools for the demo organisation: varied on purpose (accents, apostrophes, short and long names). */
export const FIRST_NAMES: readonly string[] = [
  'Maria', 'James', 'Sofia', 'Liam', 'Aisha', 'Noah', 'Emma', 'Lucas', 'Olivia', 'Mateo', 'Amara', 'Ethan', 'Chloé',
  'Henrik', 'Freya', 'Oskar', 'Ingrid', 'Mads', 'Søren', 'Astrid', 'Jonas', 'Priya', 'Rahul', 'Ananya', 'Wei', 'Mei',
  'Hiroshi', 'Yuki', 'Fatima', 'Omar', 'Layla', 'Youssef', 'Grace', 'Daniel', 'Hannah', 'Samuel', 'Zoe', 'Isaac',
  'Nora', 'Elias', 'Clara', 'Felix', 'Ida', 'Emil', 'Alma', 'Viktor', 'Julia', 'Anton', 'Lea', 'Tobias', 'Chiara',
  'Marco', 'Giulia', 'Pablo', 'Lucía', 'Diego', 'Camila', 'Kwame', 'Abena', 'Tariq', 'Nadia', 'Sean', 'Siobhan',
  'Connor', 'Aoife', 'Ben', 'Kate', 'Tom', 'Anna', 'Peter', 'Lisa', 'Chris', 'Kim', 'Alex', 'Sam', 'Jordan', 'Taylor',
];

export const LAST_NAMES: readonly string[] = [
  'Garcia', 'Wilson', 'Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Larsen', 'Schmidt', 'Müller', 'Becker',
  'Rossi', 'Bianchi', 'Fernández', 'López', 'Martínez', 'Silva', 'Santos', 'Kowalski', 'Nowak', 'Novák', 'Horváth',
  "O'Brien", 'Murphy', 'Kelly', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Lee', 'Kim', 'Park', 'Chen', 'Wang', 'Li',
  'Nguyen', 'Tran', 'Patel', 'Shah', 'Gupta', 'Singh', 'Khan', 'Ahmed', 'Hassan', 'Okafor', 'Mensah', 'Adeyemi',
  'Tanaka', 'Suzuki', 'Sato', 'Berg', 'Lindqvist', 'Johansson', 'Virtanen', 'Dubois', 'Laurent', 'Moreau', 'Van Dijk',
  'De Jong', 'Bakker', 'Cohen', 'Levi', 'Novak', 'Ivanova', 'Petrov', 'Costa', 'Ferreira', 'Morgan', 'Baker', 'Clarke',
];

/** Lower-case ASCII for an email local part: "Søren" -> "soren", "O'Brien" -> "obrien", "Van Dijk" -> "vandijk". */
export function emailPart(name: string): string {
  return name
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}
