// Every word the pages show, in Chinese, one file per page under zh/ (common.js for what pages share).
import common from "./zh/common.js";
import worker from "./zh/worker.js";
import desk from "./zh/desk.js";
import supervisor from "./zh/supervisor.js";
import reports from "./zh/reports.js";
import network from "./zh/network.js";
import rota from "./zh/rota.js";
import lines from "./zh/lines.js";
import signIn from "./zh/sign-in.js";
import refusals from "./zh/refusals.js";
import notice from "./zh/notice.js";

export default { ...common, ...worker, ...desk, ...supervisor, ...reports, ...network, ...rota, ...lines, ...signIn, ...refusals, ...notice };
