/**
 * The citizen's personal data and the one masking rule for it: the name keeps its family name
 * (陈**), the ID number its first 6 and last 4 characters (330482********123X), the phone its first 3
 * and last 4 digits (138****8000). Who may read them unmasked is decided on the server
 * (signaling/src/privacy/citizenData.ts).
 */
import { maskIdNumber, maskName } from './idNumber';

export interface CitizenData {
  name: string;
  idNumber: string;
  phone: string;
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '*'.repeat(phone.length);
}

export function maskCitizen(citizen: CitizenData): CitizenData {
  return { name: maskName(citizen.name), idNumber: maskIdNumber(citizen.idNumber), phone: maskPhone(citizen.phone) };
}
