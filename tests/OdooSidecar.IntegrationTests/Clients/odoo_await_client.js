// Drives Odoo's XML-RPC API with the npm client odoo-await, as a Node.js integration would.
//
// Usage: NODE_PATH=<folder with node_modules/odoo-await> node odoo_await_client.js HOST PORT DB API_KEY
//
// Prints one JSON document: per step its result or error, and every request body the client sent (odoo-await only
// knows /xmlrpc/2/common and /xmlrpc/2/object), so the caller can check what reached Odoo. An error never stops the
// run; steps that need the created record are skipped when the create failed.
'use strict';

const serializer = require('xmlrpc/lib/serializer');
const Odoo = require('odoo-await');

const [host, port, db, key] = process.argv.slice(2);
const sent = [];
const serializeMethodCall = serializer.serializeMethodCall;
serializer.serializeMethodCall = function recordBody(...args) {
  const body = serializeMethodCall.apply(this, args);
  sent.push(body);
  return body;
};

const steps = {};

async function step(name, call) {
  try {
    steps[name] = { result: await call() };
  } catch (error) {
    steps[name] = error instanceof Error
      ? { error: { message: error.message, faultCode: error.faultCode ?? null, faultString: error.faultString ?? null } }
      : { error: { message: String(error), faultCode: null, faultString: null } };
  }
  return steps[name].result;
}

function client(password) {
  return new Odoo({ baseUrl: `http://${host}`, port: Number(port), db, username: 'admin', password });
}

async function main() {
  const odoo = client(key);
  await step('connect', () => odoo.connect());
  // A partial opts object: odoo-await still sends offset, order and context, as empty <value/> elements.
  await step('searchRead', () => odoo.searchRead(
    'res.partner', [['is_company', '=', true], ['id', 'not in', [4294967296]]], ['name', 'email'], { limit: 5 }));
  const created = await step('create', () => odoo.create('res.partner', { name: 'Sidecar & npm <client>', is_company: false }));
  if (typeof created === 'number') {
    await step('update', () => odoo.update('res.partner', created, { phone: '+1 555 0100' }));
    await step('read', () => odoo.read('res.partner', created, ['name', 'phone']));
    await step('delete', () => odoo.delete('res.partner', created));
  }
  await step('modelNotEnabled', () => odoo.searchRead('res.users', [], ['login'], { offset: 0, limit: 1, order: 'id', context: {} }));
  await step('wrongKey', () => client(key.slice(0, 8) + '0'.repeat(32)).connect());
  process.stdout.write(JSON.stringify({ steps, sent, created: created ?? null }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
