/*
 * Accounts (admins): the console's users with their role; create one, change its role, deactivate or delete it. On a
 * fresh server, signed in with the admin token, this is where the first admin account is made.
 */
import { $, el, clear, button, fieldError } from './dom.js';

const PATH = '/api/v1/accounts';

export class AccountsView {
  constructor(context) {
    this.context = context;
    this.accounts = [];
    $('account-form').addEventListener('submit', (e) => { e.preventDefault(); this.create(); });
  }

  enter() { this.refresh(); }

  leave() {}

  /** Signed in with the admin token and no active admin exists: go straight to making one. */
  async offerFirstAdmin() {
    try {
      const data = await this.context.api.get(PATH);
      const admins = ((data && data.items) || []).filter((a) => a.role === 'admin' && a.active !== false);
      if (admins.length === 0) {
        this.context.show('accounts');
        $('first-admin').hidden = false;
        $('account-role').value = 'admin';
        $('account-login').focus();
      }
    } catch (error) {
      // no accounts API on this server: the Accounts view says so when opened
    }
  }

  async refresh() {
    try {
      const data = await this.context.api.get(PATH);
      this.accounts = (data && data.items) || [];
      fieldError($('accounts-error'), '');
      $('account-form').hidden = false;
    } catch (error) {
      this.accounts = [];
      fieldError($('accounts-error'), error.missing
        ? 'This server has no accounts API yet: manage agents with POST /api/v1/agents.'
        : 'Could not load the accounts: ' + error.message);
      $('account-form').hidden = error.missing === true;
    }
    this.render();
  }

  render() {
    const rows = $('account-rows');
    clear(rows);
    this.accounts.forEach((a) => rows.appendChild(this.row(a)));
  }

  row(a) {
    const tr = el('tr', '', null, { 'data-account-id': a.id });
    tr.appendChild(el('th', '', a.login, { scope: 'row' }));
    tr.appendChild(el('td', '', a.name));
    tr.appendChild(el('td', '', a.role));
    tr.appendChild(el('td', '', a.active === false ? 'no' : 'yes'));
    const actions = el('td', 'row-actions');
    const other = a.role === 'admin' ? 'agent' : 'admin';
    actions.appendChild(button('Make ' + other, () => this.change(a, { role: other }),
      { className: 'secondary', ariaLabel: 'Make ' + a.login + ' an ' + other }));
    const active = a.active !== false;
    actions.appendChild(button(active ? 'Deactivate' : 'Activate', () => this.change(a, { active: !active }),
      { className: 'secondary', ariaLabel: (active ? 'Deactivate ' : 'Activate ') + a.login }));
    actions.appendChild(button('Delete', () => this.remove(a), { className: 'danger', ariaLabel: 'Delete ' + a.login }));
    tr.appendChild(actions);
    return tr;
  }

  async create() {
    const body = {
      login: $('account-login').value.trim(),
      name: $('account-name').value.trim(),
      password: $('account-password').value,
      role: $('account-role').value
    };
    fieldError($('account-form-error'), '');
    if (!body.login || !body.name || !body.password) {
      fieldError($('account-form-error'), 'Give a login, a name and a password.');
      return;
    }
    try {
      const created = await this.context.api.post(PATH, body);
      ['account-login', 'account-name', 'account-password'].forEach((id) => { $(id).value = ''; });
      $('first-admin').hidden = true;
      this.context.status('Account ' + created.login + ' (' + created.role + ') is created.');
      this.refresh();
    } catch (error) {
      fieldError($('account-form-error'), error.missing ? 'This server has no accounts API yet.'
        : 'Could not create the account: ' + error.message);
    }
  }

  async change(account, patch) {
    try {
      await this.context.api.patch(PATH + '/' + encodeURIComponent(account.id), patch);
      this.refresh();
    } catch (error) {
      fieldError($('accounts-error'), 'Could not change ' + account.login + ': ' + error.message);
    }
  }

  async remove(account) {
    try {
      await this.context.api.delete(PATH + '/' + encodeURIComponent(account.id));
      this.refresh();
    } catch (error) {
      fieldError($('accounts-error'), 'Could not delete ' + account.login + ': ' + error.message);
    }
  }
}
