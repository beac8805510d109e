// The desk page: a form (or a pasted flow, or a scenario suite) sent to the decision service,
// and its answer shown in Chinese and English. Plain ES2020 without a build step, because the
// page is compiled into the server and served under `default-src 'self'`. Everything that comes
// from a user or the server is written with textContent: flows and names are user input.
'use strict';

const STRINGS = {
  zh: {
    title: '数据出境合规自评', subtitle: '临港新片区服务窗口', tabs: '输入方式',
    tabForm: '填写表单', tabPaste: '粘贴流程', tabSuite: '测试场景集',
    exporter: '数据出境方', exporterName: '名称', creditCode: '统一社会信用代码',
    ciio: '关键信息基础设施运营者', yes: '是', no: '否', sector: '行业', zone: '注册地',
    recipient: '境外接收方', recipientName: '名称', country: '国家或地区（ISO 代码）',
    countryHint: '两位字母，例如 DE、US、HK', recipientKind: '接收方类型',
    transfer: '出境活动', purpose: '目的', scenario: '清单场景', date: '出境日期',
    priorPersonal: '今年已出境个人信息（人）', priorSensitive: '今年已出境敏感个人信息（人）',
    items: '数据项', itemName: '数据名称', itemKind: '目录条目或数据类别', individuals: '涉及个人数',
    subjects: '主体标签', actions: '操作', addItem: '＋ 添加数据项', removeItem: '删除此数据项',
    subjectsHint: '描述同一批人的数据项填写相同的主体标签，只计算一次。',
    classes: '数据类别', catalog: '数据目录', byDefault: '（默认）', none: '无',
    check: '评估', checking: '评估中…',
    pasteLabel: '流程（YAML 或 JSON）', pasteHint: '以 “{” 开头按 JSON 读取，否则按 YAML 读取。',
    suiteLabel: '场景集文件（YAML）', runSuite: '运行测试', running: '运行中…', chooseFile: '请先选择场景集文件。',
    errorsTitle: '无法评估', resultTitle: '评估结果', rules: '判定依据', obligations: '应履行义务',
    counters: '累计数量', counter: '计数', counterPersonal: '个人信息（不含敏感）', counterSensitive: '敏感个人信息', prior: '此前', thisFlow: '本次', total: '合计',
    digest: '策略摘要', policyInForce: '现行策略', flow: '流程', notRecorded: '未记录',
    fallback: '现行规则未能判定：按从严原则适用兜底结论。', failedClosed: '规则无法判定，已按从严原则处理：',
    notCounted: '不计入累计数量（免予申报的出境）。',
    suiteVerdict: '结论', suiteCases: '用例', passed: '通过', failed: '未通过', errorsCount: '错误',
    caseName: '用例', status: '状态', expected: '预期结论', actual: '实际结论', mismatches: '差异',
    statusPass: '通过', statusFail: '未通过', statusError: '错误', statusInvalid: '场景集无效',
    unreachable: '无法连接评估服务：', vocabularyFailed: '无法读取词汇表，表单选项不可用：',
    badCountry: '国家或地区须为两位字母代码。', badDate: '请填写出境日期。', badNumber: '人数须为非负整数：',
    noItems: '至少需要一个数据项。', itemWithoutName: '每个数据项都需要名称。', empty: '请粘贴一个流程。',
    line: '第 {n} 行', column: '第 {n} 列', comma: '，',
  },
  en: {
    title: 'Data export compliance check', subtitle: 'Lin-gang Special Area service desk', tabs: 'Input',
    tabForm: 'Fill in a form', tabPaste: 'Paste a flow', tabSuite: 'Test a suite',
    exporter: 'Exporter', exporterName: 'Name', creditCode: 'Unified social credit code',
    ciio: 'Critical information infrastructure operator', yes: 'Yes', no: 'No', sector: 'Sector', zone: 'Registered in',
    recipient: 'Recipient abroad', recipientName: 'Name', country: 'Country or region (ISO code)',
    countryHint: 'Two letters, e.g. DE, US, HK', recipientKind: 'Kind of recipient',
    transfer: 'Transfer', purpose: 'Purpose', scenario: 'List scenario', date: 'Transfer date',
    priorPersonal: 'Persons\u2019 PI already exported this year', priorSensitive: 'Persons\u2019 sensitive PI already exported this year',
    items: 'Data items', itemName: 'Name of the data', itemKind: 'Catalog entry or data class', individuals: 'Individuals',
    subjects: 'Subjects label', actions: 'Actions', addItem: '+ Add an item', removeItem: 'Remove this item',
    subjectsHint: 'Items that describe the same people share a subjects label and are counted once.',
    classes: 'Data classes', catalog: 'Catalog', byDefault: '(default)', none: 'none',
    check: 'Check', checking: 'Checking…',
    pasteLabel: 'Flow (YAML or JSON)', pasteHint: 'Read as JSON when it starts with “{”, otherwise as YAML.',
    suiteLabel: 'Scenario suite file (YAML)', runSuite: 'Run the suite', running: 'Running…', chooseFile: 'Choose a suite file first.',
    errorsTitle: 'Could not decide', resultTitle: 'Decision', rules: 'Deciding rules', obligations: 'Obligations',
    counters: 'Counters', counter: 'Counter', counterPersonal: 'personal information (non-sensitive)', counterSensitive: 'sensitive personal information', prior: 'Prior', thisFlow: 'This flow', total: 'Total',
    digest: 'Policy digest', policyInForce: 'Policy in force', flow: 'Flow', notRecorded: 'not recorded',
    fallback: 'No rule decides this flow: the fallback outcome applies (fail closed).', failedClosed: 'Rules that could not be evaluated, decided fail-closed: ',
    notCounted: 'Not counted toward the yearly totals (exempted transfer).',
    suiteVerdict: 'Verdict', suiteCases: 'Cases', passed: 'passed', failed: 'failed', errorsCount: 'errors',
    caseName: 'Case', status: 'Status', expected: 'Expected', actual: 'Actual', mismatches: 'Mismatches',
    statusPass: 'passed', statusFail: 'failed', statusError: 'error', statusInvalid: 'invalid suite',
    unreachable: 'The decision service could not be reached: ', vocabularyFailed: 'The vocabulary could not be read, so the form has no choices: ',
    badCountry: 'The country or region must be a two-letter code.', badDate: 'Enter the transfer date.', badNumber: 'A number of persons must be a whole number of zero or more: ',
    noItems: 'A flow needs at least one item.', itemWithoutName: 'Every item needs a name.', empty: 'Paste a flow first.',
    line: 'line {n}', column: 'column {n}', comma: ', ',
  },
};

const LANGUAGE_KEY = 'xborder.desk.language';

const state = {
  lang: initialLanguage(),
  vocabulary: null,
  policy: null,
  decision: null,
  digest: '',
  problem: null,
  suite: null,
};

function initialLanguage() {
  let stored = null;
  try { stored = window.localStorage.getItem(LANGUAGE_KEY); } catch (_) { stored = null; }
  if (stored === 'zh' || stored === 'en') return stored;
  const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'zh';
  return preferred.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function t(key) {
  return STRINGS[state.lang][key] ?? STRINGS.en[key] ?? key;
}

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** The label of a vocabulary code in the chosen language, or the code itself when the policy has none. */
function label(section, code) {
  const entries = state.vocabulary?.sections?.[section] ?? [];
  const entry = entries.find((e) => e.code === code);
  if (!entry) return code;
  return (state.lang === 'zh' ? entry.zh : entry.en) || entry.en || entry.zh || code;
}

function formatNumber(value) {
  return typeof value === 'number' ? value.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB') : String(value);
}

// MARK: language

function setLanguage(lang) {
  state.lang = lang;
  try { window.localStorage.setItem(LANGUAGE_KEY, lang); } catch (_) { /* private mode: the switch still works for this page */ }
  applyLanguage();
}

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `xborder · ${t('title')}`;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const button of document.querySelectorAll('.lang button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
  fillChoices();
  if (state.decision) renderDecision(state.decision, state.digest);
  if (state.problem) renderProblem(state.problem);
  if (state.suite) renderSuite(state.suite);
  if (state.policy) renderPolicy(state.policy);
}

// MARK: choices from the vocabulary

function fillSelect(select, options, groups) {
  const value = select.value;
  select.replaceChildren();
  for (const [text, code] of options) select.append(new Option(text, code));
  for (const group of groups ?? []) {
    const node = document.createElement('optgroup');
    node.label = group.label;
    for (const [text, code] of group.options) node.append(new Option(text, code));
    select.append(node);
  }
  if (value && [...select.options].some((o) => o.value === value)) select.value = value;
}

function entryText(entry) {
  const text = (state.lang === 'zh' ? entry.zh : entry.en) || entry.en || entry.zh || entry.code;
  return text === entry.code ? entry.code : `${text} · ${entry.code}`;
}

function fillChoices() {
  const sections = state.vocabulary?.sections ?? {};
  for (const select of document.querySelectorAll('select[data-section]')) {
    const entries = sections[select.dataset.section] ?? [];
    const options = select.dataset.optional ? [[t('byDefault'), '']] : [];
    fillSelect(select, options.concat(entries.map((e) => [entryText(e), e.code])));
    // The desk's own zone is preselected once, when the vocabulary first arrives; after that
    // the staff's choice stands through language switches.
    const prefer = select.dataset.prefer;
    if (entries.length && !select.dataset.filled) {
      select.dataset.filled = 'true';
      if (prefer && entries.some((e) => e.code === prefer)) select.value = prefer;
    }
  }
  for (const select of document.querySelectorAll('select.item-kind')) fillItemKind(select);
}

function fillItemKind(select) {
  const classes = state.vocabulary?.sections?.classes ?? [];
  const catalog = state.vocabulary?.catalog ?? [];
  const fresh = select.options.length === 0;
  fillSelect(select, [], [
    { label: t('classes'), options: classes.map((e) => [entryText(e), `class:${e.code}`]) },
    { label: t('catalog'), options: catalog.map((e) => [`${entryText(e)} (${label('classes', e.class)})`, `catalog:${e.code}`]) },
  ]);
  if (fresh && classes.some((e) => e.code === 'personal')) select.value = 'class:personal';
}

// MARK: items

function addItemRow(values = {}) {
  const row = $('item-row').content.firstElementChild.cloneNode(true);
  row.querySelector('.item-name').dataset.i18nLabel = 'itemName';
  row.querySelector('.item-kind').dataset.i18nLabel = 'itemKind';
  row.querySelector('.item-individuals').dataset.i18nLabel = 'individuals';
  row.querySelector('.item-subjects').dataset.i18nLabel = 'subjects';
  const remove = row.querySelector('.remove-item');
  remove.dataset.i18nLabel = 'removeItem';
  for (const node of row.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  remove.addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    (next?.querySelector('.item-name') ?? $('add-item')).focus();
  });
  const kind = row.querySelector('.item-kind');
  fillItemKind(kind);
  if (values.kind) kind.value = values.kind;
  row.querySelector('.item-name').value = values.name ?? '';
  row.querySelector('.item-individuals').value = values.individuals ?? '';
  row.querySelector('.item-subjects').value = values.subjects ?? '';
  $('items-body').append(row);
  return row;
}

// MARK: the flow from the form

class InputError extends Error {}

function wholeNumber(input, what) {
  const text = input.value.trim();
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new InputError(`${t('badNumber')}${what}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new InputError(`${t('badNumber')}${what}`);
  return value;
}

function flowFromForm() {
  const text = (id) => $(id).value.trim();
  const date = text('flow-date');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new InputError(t('badDate'));
  const country = text('recipient-country').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new InputError(t('badCountry'));

  const exporter = { ciio: $('exporter-ciio').value === 'true' };
  if (text('exporter-id')) exporter.id = text('exporter-id');
  if (text('exporter-name')) exporter.name = text('exporter-name');
  if (text('exporter-sector')) exporter.sector = text('exporter-sector');
  if (text('exporter-zone')) exporter.registered_in = text('exporter-zone');

  const recipient = { country };
  if (text('recipient-name')) recipient.name = text('recipient-name');
  if (text('recipient-kind')) recipient.kind = text('recipient-kind');

  const flow = { date, exporter, recipient };
  if (text('flow-purpose')) flow.purpose = text('flow-purpose');
  if (text('flow-scenario')) flow.scenario = text('flow-scenario');

  const rows = [...document.querySelectorAll('#items-body tr')];
  if (rows.length === 0) throw new InputError(t('noItems'));
  flow.items = rows.map((row) => {
    const name = row.querySelector('.item-name').value.trim();
    if (!name) throw new InputError(t('itemWithoutName'));
    const item = { name };
    const [field, code] = row.querySelector('.item-kind').value.split(/:(.*)/s);
    if (field === 'class' || field === 'catalog') item[field] = code;
    const individuals = wholeNumber(row.querySelector('.item-individuals'), `${t('individuals')} (${name})`);
    if (individuals !== undefined) item.individuals = individuals;
    const subjects = row.querySelector('.item-subjects').value.trim();
    if (subjects) item.subjects = subjects;
    return item;
  });

  const personal = wholeNumber($('prior-personal'), t('priorPersonal'));
  const sensitive = wholeNumber($('prior-sensitive'), t('priorSensitive'));
  if (personal !== undefined || sensitive !== undefined) flow.prior = { personal: personal ?? 0, sensitive: sensitive ?? 0 };
  return flow;
}

// MARK: talking to the service

async function readProblem(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return { status: response.status, ...body };
  } catch (_) { /* not JSON: shown as text below */ }
  return { status: response.status, title: `HTTP ${response.status}`, detail: text.slice(0, 2000) };
}

async function check(body, contentType, source) {
  clearOutput();
  const response = await fetch('/v1/check?explain=both', {
    method: 'POST',
    headers: { 'Content-Type': contentType, Accept: 'application/json' },
    body,
  });
  if (!response.ok) {
    showProblem({ ...(await readProblem(response)), source });
    return;
  }
  const decision = await response.json();
  state.decision = decision;
  state.digest = response.headers.get('X-XBorder-Policy-Digest') || decision?.policy?.digest || '';
  renderDecision(decision, state.digest);
  // On a narrow screen the result is below the form: bring it into sight without jumping when it already is.
  $('result').scrollIntoView({ block: 'nearest' });
}

async function runSuite(text) {
  clearOutput();
  const response = await fetch('/v1/test', {
    method: 'POST',
    headers: { 'Content-Type': 'application/yaml', Accept: 'application/json' },
    body: text,
  });
  const body = await response.text();
  let result = null;
  try { result = JSON.parse(body); } catch (_) { result = null; }
  // A suite whose cases fail still answers with its results; only a body without them is an error.
  if (result && Array.isArray(result.suites)) {
    state.suite = { result, source: text };
    renderSuite(state.suite);
    return;
  }
  showProblem({ ...(result && typeof result === 'object' ? result : { title: `HTTP ${response.status}`, detail: body.slice(0, 2000) }), status: response.status, source: text });
}

function clearOutput() {
  state.decision = null;
  state.problem = null;
  state.suite = null;
  $('result').hidden = true;
  $('errors').hidden = true;
  $('suite-result').replaceChildren();
}

function showProblem(problem) {
  state.problem = problem;
  renderProblem(problem);
  $('errors').scrollIntoView({ block: 'nearest' });
}

// MARK: rendering

function renderDecision(decision, digest) {
  const outcome = String(decision.outcome ?? '');
  const box = $('outcome');
  box.className = `outcome outcome-${/^[a-z0-9-]+$/.test(outcome) ? outcome : 'unknown'}`;
  $('outcome-label').textContent = label('outcomes', outcome);
  $('outcome-code').textContent = outcome;

  const flowLine = [];
  if (decision.flow) flowLine.push(`${t('flow')} ${decision.flow}`);
  if (decision.date) flowLine.push(decision.date);
  $('result-flow').textContent = flowLine.join(' · ');

  const explanation = decision.explanation ?? {};
  const zh = $('explanation-zh'), en = $('explanation-en');
  zh.querySelector('p').textContent = explanation.zh ?? '';
  en.querySelector('p').textContent = explanation.en ?? '';
  zh.hidden = !explanation.zh;
  en.hidden = !explanation.en;
  $('explanations').replaceChildren(...(state.lang === 'zh' ? [zh, en] : [en, zh]));

  const cites = (list, withOutcome) => (list ?? []).map((entry) => {
    const item = element('li');
    const first = state.lang === 'zh' ? entry.cite_zh || entry.cite : entry.cite;
    const second = state.lang === 'zh' ? entry.cite : entry.cite_zh;
    item.append(element('strong', first, 'cite'));
    if (second && second !== first) item.append(element('span', second, 'cite-other'));
    if (withOutcome && entry.outcome) item.append(element('span', label('outcomes', entry.outcome), `rule-outcome outcome-text-${entry.outcome}`));
    item.append(element('code', entry.id, 'rule-id'));
    return item;
  });
  $('result-rules').replaceChildren(...cites(decision.rules, true));
  const obligations = cites(decision.obligations, false);
  $('result-obligations').replaceChildren(...obligations);
  $('no-obligations').hidden = obligations.length > 0;

  const counters = Object.entries(decision.counters ?? {}).map(([name, use]) => {
    const row = element('tr');
    const known = { personal: 'counterPersonal', sensitive: 'counterSensitive' }[name];
    row.append(element('th', known ? `${t(known)} (${name})` : name), element('td', formatNumber(use?.prior)), element('td', formatNumber(use?.flow)), element('td', formatNumber(use?.total)));
    row.firstChild.scope = 'row';
    return row;
  });
  $('result-counters').replaceChildren(...counters);
  $('result-counters').closest('table').hidden = counters.length === 0;

  const notes = [];
  if (decision.fallback) notes.push(t('fallback'));
  if (Array.isArray(decision.failed_closed) && decision.failed_closed.length) notes.push(t('failedClosed') + decision.failed_closed.join(', '));
  if (decision.counted === false) notes.push(t('notCounted'));
  for (const note of decision.notes ?? []) notes.push(note);
  $('result-notes').replaceChildren(...notes.map((n) => element('li', n)));

  $('result-digest').textContent = digest || '';
  $('result').hidden = false;
}

function diagnosticsOf(problem) {
  for (const key of ['diagnostics', 'errors', 'problems']) {
    if (Array.isArray(problem[key])) return problem[key];
  }
  return [];
}

function renderProblem(problem) {
  $('errors-title').textContent = t('errorsTitle');
  const detail = [problem.title, problem.detail].filter((s) => typeof s === 'string' && s).join(' — ');
  $('errors-detail').textContent = detail;
  const lines = typeof problem.source === 'string' ? problem.source.split('\n') : [];
  const items = [];
  const add = (d, nested) => {
    const item = element('li', null, nested ? 'caused' : undefined);
    const where = [];
    let line = Number(d.line), column = Number(d.column);
    if ((!line || !column) && typeof d.location === 'string') {
      const match = /:(\d+):(\d+)$/.exec(d.location);
      if (match) { line = Number(match[1]); column = Number(match[2]); }
    }
    if (line) where.push(t('line').replace('{n}', line));
    if (column) where.push(t('column').replace('{n}', column));
    if (where.length) item.append(element('span', where.join(t('comma')), 'where'));
    if (d.code) item.append(element('code', d.code, 'diag-code'));
    item.append(element('span', d.message ?? JSON.stringify(d), 'message'));
    if (line && lines[line - 1] !== undefined) {
      const caret = column ? `${' '.repeat(Math.max(0, column - 1))}^` : '';
      item.append(element('pre', `${lines[line - 1]}\n${caret}`, 'source'));
    }
    if (d.help) item.append(element('span', d.help, 'help'));
    items.push(item);
    for (const caused of Array.isArray(d.caused) ? d.caused : []) add(caused, true);
  };
  for (const d of diagnosticsOf(problem)) add(d, false);
  $('errors-list').replaceChildren(...items);
  $('errors').hidden = false;
}

function statusText(status) {
  return { passed: t('statusPass'), failed: t('statusFail'), error: t('statusError'), invalid: t('statusInvalid') }[status] ?? status;
}

function renderSuite({ result }) {
  const out = $('suite-result');
  const summary = result.summary ?? {};
  const verdict = element('p', null, `suite-summary verdict-${result.verdict === 'passed' ? 'pass' : 'fail'}`);
  verdict.append(element('strong', `${t('suiteVerdict')}: ${statusText(result.verdict)}`));
  verdict.append(element('span', ` · ${t('suiteCases')} ${summary.cases ?? 0} · ${t('passed')} ${summary.passed ?? 0} · ${t('failed')} ${summary.failed ?? 0} · ${t('errorsCount')} ${summary.errors ?? 0}`));
  const nodes = [verdict];
  const problems = (result.problems ?? []).concat(...(result.suites ?? []).map((s) => s.diagnostics ?? []));
  if (problems.length) {
    nodes.push(element('ul', null, 'suite-problems'));
    for (const p of problems) nodes[nodes.length - 1].append(element('li', `${p.location ?? ''} ${p.message ?? ''}`.trim()));
  }
  for (const suite of result.suites ?? []) {
    const table = element('table', null, 'suite');
    table.append(element('caption', suite.title || suite.path || ''));
    const header = element('tr');
    for (const key of ['caseName', 'status', 'expected', 'actual', 'mismatches']) {
      const th = element('th', t(key));
      th.scope = 'col';
      header.append(th);
    }
    const head = element('thead');
    head.append(header);
    const body = element('tbody');
    table.append(head, body);
    for (const c of suite.cases ?? []) {
      const row = element('tr', null, `case case-${c.status === 'passed' ? 'pass' : 'fail'}`);
      const name = element('th', c.name);
      name.scope = 'row';
      const expected = c.expected?.outcome, actual = c.actual?.outcome;
      const messages = (c.mismatches ?? []).map((m) => m.message).concat((c.diagnostics ?? []).map((d) => d.message));
      const cell = element('td');
      if (messages.length) {
        const list = element('ul');
        for (const m of messages) list.append(element('li', m));
        cell.append(list);
      }
      row.append(name, element('td', statusText(c.status), 'status'),
        element('td', expected ? label('outcomes', expected) : ''), element('td', actual ? label('outcomes', actual) : ''), cell);
      body.append(row);
    }
    nodes.push(table);
  }
  out.replaceChildren(...nodes);
}

function renderPolicy(policy) {
  const packs = (policy.packs ?? []).map((p) => (p.version ? `${p.id} ${p.version}` : p.id));
  $('policy-packs').textContent = packs.join(' · ');
  $('policy-digest').textContent = policy.digest ?? '';
}

// MARK: wiring

function busy(button, key, work) {
  return async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    button.textContent = t(key);
    try {
      await work();
    } catch (error) {
      if (error instanceof InputError) showProblem({ title: error.message });
      else showProblem({ title: t('unreachable') + (error?.message ?? String(error)) });
      console.error(error);
    } finally {
      button.disabled = false;
      button.textContent = t(button.dataset.i18n);
    }
  };
}

function wireTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
}

async function loadJSON(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function start() {
  for (const button of document.querySelectorAll('.lang button')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang));
  }
  wireTabs();
  $('add-item').addEventListener('click', () => addItemRow().querySelector('.item-name').focus());
  $('flow-date').value = new Date().toISOString().slice(0, 10);
  addItemRow();

  const formButton = $('submit-form');
  $('flow-form').addEventListener('submit', busy(formButton, 'checking', async () => {
    // Indented, so that a located diagnostic points at a line the staff can read.
    const body = JSON.stringify(flowFromForm(), null, 2);
    await check(body, 'application/json', body);
  }));
  const pasteButton = $('submit-paste');
  $('paste-form').addEventListener('submit', busy(pasteButton, 'checking', async () => {
    const text = $('paste-text').value;
    if (!text.trim()) throw new InputError(t('empty'));
    const type = text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml';
    await check(text, type, text);
  }));
  const suiteButton = $('submit-suite');
  $('suite-form').addEventListener('submit', busy(suiteButton, 'running', async () => {
    const file = $('suite-file').files?.[0];
    if (!file) throw new InputError(t('chooseFile'));
    await runSuite(await file.text());
  }));

  applyLanguage();
  loadJSON('/v1/vocabulary').then((vocabulary) => {
    state.vocabulary = vocabulary;
    applyLanguage();
  }).catch((error) => {
    const banner = $('load-error');
    banner.textContent = t('vocabularyFailed') + error.message;
    banner.hidden = false;
  });
  loadJSON('/v1/policy').then((policy) => {
    state.policy = policy;
    renderPolicy(policy);
  }).catch(() => { $('policy-packs').textContent = '—'; });
}

document.addEventListener('DOMContentLoaded', start);
