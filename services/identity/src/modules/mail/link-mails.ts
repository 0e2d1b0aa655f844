import { type LinkPurpose } from '../links/password-link.entity';
import { type MailMessage } from './mailer';

export interface LinkMail {
  purpose: LinkPurpose;
  to: string;
  displayName: string;
  username: string;
  schoolName: string | null;
  url: string;
  expiresAt: Date;
}

/** The text of an invitation or reset mail (plain text: no tracking, no remote images). */
export function linkMail(mail: LinkMail): MailMessage {
  const where = mail.schoolName ? ` (${mail.schoolName})` : '';
  const until = mail.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const [subject, intro] =
    mail.purpose === 'invitation'
      ? ['Your Gradeline account', `An account has been created for you on Gradeline${where}.`]
      : ['Reset your Gradeline password', `Someone asked to reset the password of your Gradeline account${where}. If it was not you, ignore this mail: nothing changes.`];
  return {
    to: mail.to,
    subject,
    text: [
      `Hello ${mail.displayName},`,
      '',
      intro,
      `Your username: ${mail.username}`,
      '',
      'Choose your password here (the link works once, until ' + until + ' UTC):',
      mail.url,
      '',
      'Gradeline',
    ].join('\n'),
  };
}
