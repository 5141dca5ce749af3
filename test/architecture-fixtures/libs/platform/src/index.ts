export const platformIndex = 1;
