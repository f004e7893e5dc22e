/** English strings of the WhatsApp set-up screen (issues 12 and 15), spread into `messagesEn`. */
export const whatsappEn = {
  'nav.whatsapp': 'WhatsApp',
  'whatsapp.description':
    'Connect a WhatsApp Business number to an agent: people who write to it are answered by the agent, and the conversations show in the inbox.',
  'whatsapp.connect': 'Connect a number',
  'whatsapp.connectTitle': 'Connect a WhatsApp Business number',
  'whatsapp.connectedToast': 'Number connected',
  'whatsapp.empty': 'No WhatsApp number connected yet.',
  'whatsapp.emptyHint': 'Store your WhatsApp access token in Credentials, then connect the number here.',
  'whatsapp.number': 'Number',
  'whatsapp.agent': 'Agent that answers',
  'whatsapp.choose': 'Choose…',
  'whatsapp.credential': 'WhatsApp credential (access token)',
  'whatsapp.credentialHint': 'From Credentials; the token is used only to send this number’s messages.',
  'whatsapp.noCredential': 'Add a credential of the whatsapp service in Credentials first.',
  'whatsapp.phoneNumberId': 'Phone number ID (from Meta)',
  'whatsapp.displayNumber': 'Number as shown',
  'whatsapp.verifyToken': 'Verify token',
  'whatsapp.verifyTokenHint':
    'A phrase of your choice (8 characters or more); type the same one in Meta’s webhook settings.',
  'whatsapp.appSecret': 'App secret',
  'whatsapp.appSecretHint':
    'Stored encrypted; it checks that webhooks really come from Meta. It is never shown again.',
  'whatsapp.templateName': 'Template outside 24 hours',
  'whatsapp.templateHint': 'An approved template sent when the person has not written for 24 hours.',
  'whatsapp.templateLanguage': 'Template language',
  'whatsapp.noTemplate': 'None',
  'whatsapp.connected': 'Connected',
  'whatsapp.disconnect': 'Disconnect',
  'whatsapp.disconnectNamed': 'Disconnect {name}',
  'whatsapp.disconnectTitle': 'Disconnect this number?',
  'whatsapp.disconnectDescription':
    'Messages to it will no longer reach the agent. Its conversations stay in the inbox.',
  'whatsapp.disconnected': 'Number disconnected',
  'whatsapp.stepsTitle': 'Set-up in Meta’s app dashboard',
  'whatsapp.step1': 'In WhatsApp → API Setup, copy the phone number ID and a permanent access token.',
  'whatsapp.step2':
    'Store the token as a whatsapp credential, then connect the number here with your app secret.',
  'whatsapp.step3': 'In WhatsApp → Configuration, set the callback URL to',
  'whatsapp.step4': 'Enter the same verify token, verify, and subscribe to the “messages” field.',
  'whatsapp.approverTitle': 'Approvals on my WhatsApp',
  'whatsapp.approverNumber': 'My WhatsApp number',
  'whatsapp.approverHint':
    'Approval requests you may decide are sent here; answer with the buttons or SIM / NÃO (YES / NO). Leave empty to stop.',
  'whatsapp.approverSaved': 'Your number was saved',
} as const;
