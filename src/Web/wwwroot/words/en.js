// Every word the pages show, in English, one file per page under en/ (common.js for what pages share).
import common from "./en/common.js";
import worker from "./en/worker.js";
import desk from "./en/desk.js";
import supervisor from "./en/supervisor.js";
import reports from "./en/reports.js";
import network from "./en/network.js";
import rota from "./en/rota.js";
import lines from "./en/lines.js";
import signIn from "./en/sign-in.js";
import refusals from "./en/refusals.js";
import notice from "./en/notice.js";

export default { ...common, ...worker, ...desk, ...supervisor, ...reports, ...network, ...rota, ...lines, ...signIn, ...refusals, ...notice };
