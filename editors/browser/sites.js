// The helpdesks offered on the options page; the user enables them, or adds any other site.
export const OFFERED = [
  { name: 'Zendesk', pattern: 'https://*.zendesk.com/*' },
  { name: 'Freshdesk', pattern: 'https://*.freshdesk.com/*' },
  { name: 'Help Scout', pattern: 'https://secure.helpscout.net/*' },
  { name: 'Intercom', pattern: 'https://app.intercom.com/*' },
  { name: 'Front', pattern: 'https://app.frontapp.com/*' },
  { name: 'Gorgias', pattern: 'https://*.gorgias.com/*' },
];
export const DEFAULTS = {
  sites: OFFERED.map((s) => s.pattern),
  audience: '',
  lang: 'en',
  catalogName: '',
};
