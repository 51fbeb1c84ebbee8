// Shared by the worker and counsellor pages: language, errors, and message lists ordered by seq.
// Everything a person typed is set with textContent, never as markup.

const LANGUAGE_KEY = "hotline.lang";

const texts = {
  zh: {
    title: "职工心理援助热线",
    langToggle: "English",
    quickExit: "快速离开",
    intro: "匿名、免费、7×24 小时。我们不会询问您的姓名、电话或单位。",
    topicLabel: "您想聊的话题",
    firstMessageLabel: "想先说点什么吗？（可不填）",
    start: "开始咨询",
    waiting: "正在等待，您排在第 {position} 位，预计约 {minutes} 分钟",
    waitingNoPosition: "正在等待咨询师接听…",
    newChat: "开始新的对话",
    reconnecting: "网络不稳定，正在重新连接…",
    waitingToSend: "{count} 条消息等待发送，连接恢复后会自动发出",
    connectionLost: "连接已断开。请刷新页面，您的对话会被恢复。",
    counselorJoined: "咨询师 {name} 已加入",
    counselorWith: "咨询师 {name} 正在与您交谈",
    messagePlaceholder: "输入消息…",
    send: "发送",
    endChat: "结束对话",
    chatEnded: "对话已结束",
    surveyTitle: "这次对话对您有帮助吗？请打分（1–5）",
    helpedYes: "有帮助",
    helpedNo: "没有帮助",
    commentLabel: "还有什么想告诉我们的？（可不填）",
    surveySubmit: "提交评价",
    surveyThanks: "谢谢您的评价。照顾好自己，需要时随时回来。",
    resumeFailed: "之前的对话无法恢复，请重新开始。",
    crisisLine: "如有紧急危险，请拨打 110 / 120，或全国心理援助热线 12356。",
    counselorTitle: "咨询师工作台",
    loginUser: "用户名",
    loginPassword: "密码",
    login: "登录",
    presence: "状态：{presence}",
    Available: "可接听",
    Away: "暂离",
    Offline: "离线",
    offers: "新的来访",
    accept: "接听",
    decline: "暂不接听",
    waited: "已等待 {seconds} 秒",
    risk: "风险：{risk}",
    conversations: "我的对话",
    endConversation: "结束对话",
    wrapUpTitle: "结案记录（必填后方可关闭）",
    wrapUpTopic: "问题类型",
    wrapUpRisk: "风险等级",
    wrapUpAction: "处理方式",
    wrapUpNotes: "备注",
    wrapUpSubmit: "提交结案记录",
    conversationEnded: "对话已结束（{reason}）",
    typing: "正在输入…",
    waitingFor: "等待回复 {minutes} 分钟",
    offerFlash: "★ 有新的来访",
    offerSound: "新来访时提示音",
    shortcutsHelp: "快捷键：Alt+↑/↓ 切换对话，Enter 发送，Shift+Enter 换行",
    cannedRepliesTitle: "快捷回复（咨询师可选用）",
    cannedId: "编号（小写字母、数字、连字符）",
    cannedTitleZh: "中文标题",
    cannedTextZh: "中文内容",
    cannedTitleEn: "英文标题",
    cannedTextEn: "英文内容",
    cannedSave: "保存快捷回复",
    cannedEdit: "修改",
    cannedDelete: "删除",
    earlierTitle: "此前的对话（只读，查看会被记录）",
    earlierNone: "没有更早的对话",
    earlierNotes: "记录：{notes}",
    channelSms: "短信",
    channelVoice: "来电：接受后您的电话或浏览器会响铃",
    notDelivered: "第 {seq} 条消息未能以短信送达，请再发一次",
    workerLeft: "来访者已离开",
    youEnded: "您结束了对话",
    callerHungUp: "来电者已挂断",
    textsStopped: "来访者发送了退订，短信不会再发给对方",
    reassignedAway: "督导已将一段对话转给同事，这段对话无需您填写记录",
    active: "进行中",
    supervisorTitle: "督导面板",
    auditLog: "审计日志",
    auditIntact: "哈希链完整（共 {total} 条）",
    auditBroken: "哈希链在第 {index} 条处断裂：记录可能被篡改",
    whenCol: "时间",
    whoCol: "人员",
    actionCol: "操作",
    subjectCol: "对象",
    followUps: "回访任务（24 小时内）",
    followUpDue: "{risk} · 截止 {due}",
    done: "已完成",
    alerts: "风险警报",
    acknowledge: "确认",
    monitor: "旁听",
    join: "加入对话",
    whisper: "悄悄话（仅咨询师可见）",
    reassign: "改派给（用户名）",
    today: "今日",
    serviceLevel: "服务水平（{seconds} 秒内接通）：{value}",
    asa: "平均接通时间：{value} 秒",
    abandonment: "放弃率：{value}",
    aht: "平均处理时长：{value} 秒",
    staffing: "建议在岗人数：{needed}（当前在岗 {onDuty}）",
    queue: "队列",
    waitingCol: "等待",
    longestCol: "最长等待(秒)",
    offeredCol: "分配中",
    answeredCol: "已接通",
    abandonedCol: "已放弃",
    counselorsCol: "咨询师",
    presenceCol: "状态",
    loadCol: "负荷",
    activeConversations: "进行中的对话",
    durationCol: "时长(秒)",
    chartWaiting: "等待峰值 / 接通数（每 15 分钟）",
    chartServiceLevel: "服务水平（每 15 分钟）",
    urgent: "紧急",
    emergencyTitle: "紧急情况",
    emergencyReached: "已联系紧急服务",
    yes: "是",
    no: "否",
    transferTitle: "转接",
    transferQueue: "转到队列",
    transferCounselor: "或转给咨询师（用户名，可不填）",
    transferNote: "给接手咨询师的备注",
    transfer: "转接",
    transferredNote: "转接备注：{note}",
    setAway: "您连续错过了来访，状态已设为暂离。准备好后请重新设为可接听。",
    wrapUpDue: "待结案",
    Unassessed: "未评估",
    LeftBeforeScreening: "来访者在评估前离开",
    R0: "R0 无风险",
    R1: "R1 低风险",
    R2: "R2 中风险",
    R3: "R3 高风险",
    R4: "R4 紧急",
    chooseRisk: "请选择风险等级",
    reportsTitle: "来访报表",
    reportsLink: "报表",
    reportsBack: "督导面板",
    reportFrom: "从",
    reportTo: "到",
    reportGroupBy: "分组",
    reportByDay: "按日",
    reportByMonth: "按月",
    reportShow: "查看报表",
    reportDownload: "下载 CSV",
    reportSuppressed: "少于 5 次的分组显示为 <5，以免认出个人；图中不画这些分组。",
    reportPeriod: "时段",
    reportContacts: "来访数",
    reportAnswered: "已接通",
    reportAbandoned: "未接通",
    reportAnswerRate: "接通率",
    reportAsa: "平均应答(秒)",
    reportAht: "平均处理(秒)",
    reportRating: "平均满意度",
    reportHelped: "认为有帮助",
    reportDimension: "维度",
    reportValue: "取值",
    reportEmpty: "这段时间没有来访。",
    reportChannel: "渠道",
    reportTopic: "主题",
    reportRisk: "风险",
    reportAction: "措施",
    reportOutcome: "结果",
    reportWeb: "网页",
    reportSms: "短信",
    reportVoice: "电话",
    reportNone: "无",
    cannedReplyPick: "快捷回复（填入输入框，可修改后发送）",
    referralCards: "转介卡片（点击即发送给来访者）",
    rotaTitle: "值班表",
    rotaLink: "值班表",
    backToBoard: "督导面板",
    previousWeek: "上一周",
    nextWeek: "下一周",
    weekOf: "{start} 起的一周 · 每小时至少 {minimum} 人在班",
    hourCol: "时段",
    belowMinimum: "人手不足",
    coverageCell: "{day} {hour}:00 起，{count} 人在班",
    shortLegend: "红框 ! 标记的时段人手不足",
    shifts: "全部班次",
    addShift: "添加班次",
    shiftCounselor: "咨询师（用户名）",
    shiftWeekday: "每周几",
    oneDate: "单次（填写下面的日期）",
    shiftDate: "日期（单次班次）",
    shiftStart: "开始（HH:mm）",
    shiftEnd: "结束（HH:mm，24:00 为午夜）",
    deleteShift: "删除",
    everyWeekday: "每{day}",
    Monday: "周一",
    Tuesday: "周二",
    Wednesday: "周三",
    Thursday: "周四",
    Friday: "周五",
    Saturday: "周六",
    Sunday: "周日",
    onShiftOffline: "在班但离线",
    nobodyMissing: "在班的咨询师都在线",
    myShifts: "我接下来的班次",
    noShifts: "暂无排班",
  },
  en: {
    title: "Workers' Counselling Hotline",
    langToggle: "中文",
    quickExit: "Quick exit",
    intro: "Anonymous, free, 24/7. We never ask for your name, phone number or employer.",
    topicLabel: "What would you like to talk about?",
    firstMessageLabel: "Anything you want to say first? (optional)",
    start: "Start a chat",
    waiting: "Waiting, position {position} (about {minutes} min)",
    waitingNoPosition: "Waiting for a counsellor…",
    newChat: "Start a new conversation",
    reconnecting: "The connection dropped; reconnecting…",
    waitingToSend: "{count} message(s) waiting; they will be sent when the connection is back",
    connectionLost: "The connection was lost. Reload the page and your conversation will come back.",
    counselorJoined: "Counsellor {name} joined",
    counselorWith: "Counsellor {name} is with you",
    messagePlaceholder: "Type a message…",
    send: "Send",
    endChat: "End chat",
    chatEnded: "The conversation has ended",
    surveyTitle: "Did this conversation help? Please rate it (1–5)",
    helpedYes: "It helped",
    helpedNo: "It did not help",
    commentLabel: "Anything else you'd like to tell us? (optional)",
    surveySubmit: "Send rating",
    surveyThanks: "Thank you. Take care of yourself, and come back whenever you need to.",
    resumeFailed: "The earlier conversation could not be restored. Please start again.",
    crisisLine: "In immediate danger, call 110 / 120, or the national psychological aid line 12356.",
    counselorTitle: "Counsellor desk",
    loginUser: "User name",
    loginPassword: "Password",
    login: "Sign in",
    presence: "Status: {presence}",
    Available: "Available",
    Away: "Away",
    Offline: "Offline",
    offers: "New contacts",
    accept: "Accept",
    decline: "Decline",
    waited: "Waited {seconds} s",
    risk: "Risk: {risk}",
    conversations: "My conversations",
    endConversation: "End conversation",
    wrapUpTitle: "Wrap-up (required before closing)",
    wrapUpTopic: "Topic",
    wrapUpRisk: "Risk level",
    wrapUpAction: "Action taken",
    wrapUpNotes: "Notes",
    wrapUpSubmit: "Submit wrap-up",
    conversationEnded: "Conversation ended ({reason})",
    typing: "typing…",
    waitingFor: "waiting for a reply {minutes} min",
    offerFlash: "★ New offer",
    offerSound: "Sound on a new offer",
    shortcutsHelp: "Shortcuts: Alt+↑/↓ switch conversations, Enter sends, Shift+Enter adds a line",
    cannedRepliesTitle: "Canned replies (for counsellors to pick)",
    cannedId: "Id (lower-case letters, digits, hyphens)",
    cannedTitleZh: "Title in Chinese",
    cannedTextZh: "Text in Chinese",
    cannedTitleEn: "Title in English",
    cannedTextEn: "Text in English",
    cannedSave: "Save canned reply",
    cannedEdit: "Edit",
    cannedDelete: "Delete",
    earlierTitle: "Earlier conversations (read-only; opening them is recorded)",
    earlierNone: "No earlier conversations",
    earlierNotes: "Notes: {notes}",
    channelSms: "SMS",
    channelVoice: "Phone call: accepting rings your phone or browser",
    notDelivered: "Message {seq} could not be delivered by SMS; please send it again",
    workerLeft: "the worker left",
    youEnded: "you ended it",
    callerHungUp: "the caller hung up",
    textsStopped: "the worker texted STOP; no more texts will reach them",
    reassignedAway: "A supervisor reassigned a conversation to a colleague; no wrap-up is owed for it",
    active: "active",
    supervisorTitle: "Supervisor view",
    auditLog: "Audit log",
    auditIntact: "Hash chain intact ({total} entries)",
    auditBroken: "Hash chain broken at entry {index}: records may have been altered",
    whenCol: "When",
    whoCol: "Who",
    actionCol: "Action",
    subjectCol: "Subject",
    followUps: "Follow-ups (within 24 h)",
    followUpDue: "{risk} · due {due}",
    done: "Done",
    alerts: "Risk alerts",
    acknowledge: "Acknowledge",
    monitor: "Monitor",
    join: "Join",
    whisper: "Whisper (only the counsellor sees it)",
    reassign: "Reassign to (user name)",
    today: "Today",
    serviceLevel: "Service level (answered within {seconds} s): {value}",
    asa: "Average speed to answer: {value} s",
    abandonment: "Abandonment: {value}",
    aht: "Average handle time: {value} s",
    staffing: "Suggested on duty: {needed} (on duty now: {onDuty})",
    queue: "Queue",
    waitingCol: "Waiting",
    longestCol: "Longest wait (s)",
    offeredCol: "Offered",
    answeredCol: "Answered",
    abandonedCol: "Abandoned",
    counselorsCol: "Counsellor",
    presenceCol: "Presence",
    loadCol: "Load",
    activeConversations: "Active conversations",
    durationCol: "Duration (s)",
    chartWaiting: "Peak waiting / answered (per 15 min)",
    chartServiceLevel: "Service level (per 15 min)",
    urgent: "URGENT",
    emergencyTitle: "Emergency",
    emergencyReached: "Emergency services reached",
    yes: "Yes",
    no: "No",
    transferTitle: "Transfer",
    transferQueue: "To a queue",
    transferCounselor: "Or to a counsellor (user name, optional)",
    transferNote: "Note for whoever takes over",
    transfer: "Transfer",
    transferredNote: "Transfer note: {note}",
    setAway: "You missed offers in a row, so you were set Away. Set yourself Available when you are ready.",
    wrapUpDue: "wrap-up due",
    Unassessed: "Unassessed",
    LeftBeforeScreening: "Left before screening",
    R0: "R0 none",
    R1: "R1 low",
    R2: "R2 moderate",
    R3: "R3 high",
    R4: "R4 imminent",
    chooseRisk: "Choose a risk level",
    reportsTitle: "Contact reports",
    reportsLink: "Reports",
    reportsBack: "Supervisor view",
    reportFrom: "From",
    reportTo: "To",
    reportGroupBy: "Group by",
    reportByDay: "Day",
    reportByMonth: "Month",
    reportShow: "Show report",
    reportDownload: "Download CSV",
    reportSuppressed: "Groups of fewer than 5 contacts are shown as <5 so that nobody can be recognised; the chart leaves them out.",
    reportPeriod: "Period",
    reportContacts: "Contacts",
    reportAnswered: "Answered",
    reportAbandoned: "Abandoned",
    reportAnswerRate: "Answer rate",
    reportAsa: "Avg. speed to answer (s)",
    reportAht: "Avg. handle time (s)",
    reportRating: "Avg. rating",
    reportHelped: "Found it helpful",
    reportDimension: "Breakdown",
    reportValue: "Value",
    reportEmpty: "No contacts in this period.",
    reportChannel: "Channel",
    reportTopic: "Topic",
    reportRisk: "Risk",
    reportAction: "Action",
    reportOutcome: "Outcome",
    reportWeb: "Web",
    reportSms: "SMS",
    reportVoice: "Phone call",
    reportNone: "None",
    cannedReplyPick: "Canned reply (fills the box; edit, then send)",
    referralCards: "Referral cards (a click sends it to the worker)",
    rotaTitle: "Volunteer rota",
    rotaLink: "Rota",
    backToBoard: "Supervisor view",
    previousWeek: "Previous week",
    nextWeek: "Next week",
    weekOf: "Week of {start} · at least {minimum} on shift each hour",
    hourCol: "Hour",
    belowMinimum: "short-staffed",
    coverageCell: "{day} from {hour}:00, {count} on shift",
    shortLegend: "Hours outlined in red with ! are short-staffed",
    shifts: "All shifts",
    addShift: "Add a shift",
    shiftCounselor: "Counsellor (user name)",
    shiftWeekday: "Every week on",
    oneDate: "One date (fill in below)",
    shiftDate: "Date (one-off shift)",
    shiftStart: "Start (HH:mm)",
    shiftEnd: "End (HH:mm, 24:00 is midnight)",
    deleteShift: "Delete",
    everyWeekday: "Every {day}",
    Monday: "Monday",
    Tuesday: "Tuesday",
    Wednesday: "Wednesday",
    Thursday: "Thursday",
    Friday: "Friday",
    Saturday: "Saturday",
    Sunday: "Sunday",
    onShiftOffline: "On shift but offline",
    nobodyMissing: "Everyone on shift is online",
    myShifts: "My next shifts",
    noShifts: "No shifts planned",
  },
};

export let language = localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "zh";
const languageListeners = [];

export function t(key, values = {}) {
  const template = texts[language][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** Sets every [data-i18n] element's text, and calls back so pages can redraw what they built themselves. */
export function applyLanguage() {
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) element.placeholder = t(element.dataset.i18nPlaceholder);
  // The tab's title is the page's heading, in the chosen language.
  const heading = document.querySelector("h1[data-i18n]");
  if (heading) document.title = `${t(heading.dataset.i18n)} · Hotline`;
  for (const listener of languageListeners) listener();
}

export function initLanguage(onChange) {
  if (onChange) languageListeners.push(onChange);
  document.getElementById("lang-toggle").addEventListener("click", () => {
    language = language === "zh" ? "en" : "zh";
    localStorage.setItem(LANGUAGE_KEY, language);
    applyLanguage();
  });
  applyLanguage();
}

/** GETs a JSON list the pages can live without (the pickers just stay short): the fallback on any failure. */
export async function getJson(url, fallback = []) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : fallback;
  } catch {
    return fallback;
  }
}

/** The topic taxonomy, [{ id, zh, en }]. */
export function loadTopics() {
  return getJson("/api/topics");
}

export function topicName(topics, id) {
  const topic = topics.find((candidate) => candidate.id === id);
  return topic ? topic[language] : id;
}

export function fillSelect(select, entries, label) {
  const chosen = select.value;
  select.replaceChildren(...entries.map((entry) => {
    const option = document.createElement("option");
    option.value = entry.id;
    option.textContent = label(entry);
    return option;
  }));
  if (chosen) select.value = chosen;
}

/** A staff REST call with this tab's token: the JSON answer (null when there is none), or throws with the server's own explanation and status. */
export async function staffFetch(url, tokenKey, options = {}) {
  const response = await fetch(url, {
    ...options,
    headers: { ...options.headers, Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}`, ...(options.body ? { "Content-Type": "application/json" } : {}) },
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(body?.detail ?? body?.title ?? response.statusText), { status: response.status });
  return body;
}

/** A shift as one line: "Monday 2026-07-06 08:00–12:00" (local hotline time). */
export function shiftLine(shift) {
  const day = shift.date ? `${shift.date} ` : "";
  const weekday = shift.date ? t(new Date(`${shift.date}T00:00:00Z`).toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" })) : t("everyWeekday", { day: t(shift.weekday) });
  return `${day}${weekday} ${shift.start}–${shift.end}`;
}

/** Signs a staff member in; returns the bearer token, or throws with the server's own explanation. */
export async function signIn(userName, password) {
  const response = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ?? body.title ?? response.statusText);
  return body.accessToken;
}

/** Signs in from the page's login form (#login-user, #login-password) and keeps the token in this tab; false on failure, with the reason shown. */
export async function signInFromForm(tokenKey) {
  clearError();
  try {
    sessionStorage.setItem(tokenKey, await signIn(document.getElementById("login-user").value, document.getElementById("login-password").value));
    return true;
  } catch (error) {
    showError(error);
    return false;
  }
}

/** A staff hub connection that sends this tab's token and reconnects by itself. */
export function staffConnection(hubPath, tokenKey) {
  return new signalR.HubConnectionBuilder()
    .withUrl(hubPath, { accessTokenFactory: () => sessionStorage.getItem(tokenKey) })
    .withAutomaticReconnect()
    .build();
}

/** Starts a staff connection and shows the page's main panel; if refused, forgets the token and shows the login form again. */
export async function startStaffConnection(connection, tokenKey, panelId) {
  try {
    await connection.start();
  } catch (error) {
    sessionStorage.removeItem(tokenKey);
    document.getElementById("login-panel").hidden = false;
    showError(error);
    return false;
  }
  document.getElementById("login-panel").hidden = true;
  document.getElementById(panelId).hidden = false;
  return true;
}

// SignalR prefixes a HubException with a technical sentence; the part after this marker is the server's own words.
const HUB_EXCEPTION = "HubException: ";

/** True when the server refused the call (a HubException), as opposed to the network failing under it. */
export function isRefusal(error) {
  return String(error?.message ?? "").includes(HUB_EXCEPTION);
}

/** Shows a hub or HTTP error's own message: the server writes them for people. */
export function showError(error) {
  const message = String(error?.message ?? error ?? "");
  document.getElementById("error").textContent = message.includes(HUB_EXCEPTION) ? message.slice(message.indexOf(HUB_EXCEPTION) + HUB_EXCEPTION.length) : message;
}

export function clearError() {
  document.getElementById("error").textContent = "";
}

/** A chat transcript: messages kept in seq order, each shown once however often it arrives. */
export class MessageList {
  constructor(element) {
    this.element = element;
    this.bySeq = new Map();
  }

  add(message) {
    if (this.bySeq.has(message.seq)) return;
    const item = document.createElement("li");
    item.className = `msg ${message.sender}`;
    item.dataset.seq = String(message.seq);
    item.textContent = message.text;
    this.bySeq.set(message.seq, item);
    const next = [...this.element.children].find((child) => Number(child.dataset.seq) > message.seq);
    this.element.insertBefore(item, next ?? null);
    item.scrollIntoView({ block: "end" });
  }

  /** A line from this page itself (someone joined, the chat ended), not part of the transcript: it has no seq. */
  notice(text) {
    const item = document.createElement("li");
    item.className = "msg system notice";
    item.textContent = text;
    this.element.append(item);
  }

  clear() {
    this.bySeq.clear();
    this.element.replaceChildren();
  }
}

/** A follow-up task as a list line: its risk and when it is due, in local time. */
export function followUpLine(task) {
  return t("followUpDue", { risk: t(task.riskLevel), due: new Date(task.dueAt).toLocaleString() });
}
