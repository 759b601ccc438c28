"""The OpenAPI 3.1 description of the JSON API. The filing/1, monitoring/1
and evaluation/1 bodies are derived from their validators
(targets.interchange.schema, reports.interchange,
reports.evaluation_interchange) and the review actions' operations, of a
filing and of a report, from reviews.actions, so the description cannot
drift from the checks or the actions. The rounds of 运行监控 and of 绩效自评
are one declaration (round_paths) made for each kind."""
from dataclasses import dataclass
from functools import lru_cache

from reports import evaluation_interchange as evaluation_schema
from reports import interchange as monitoring_schema
from reports.fields import DEFAULT_MONTHS, MONTH_CHOICES
from reports.models import ReportStatus
from targets.interchange import schema as filing_schema
from targets.models import FilingStatus

from .actions import ACTIONS
from .transitions import FILING, REPORT, SUBJECTS, actions_for

MAX_ID = 2**63 - 1
# The list's pagination (reviews.api reads the same numbers).
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def node_schema(node):
    """JSON Schema for one node of the filing/1 validator."""
    if isinstance(node, filing_schema.Object):
        result = {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: node_schema(child) for key, child in node.fields.items()},
        }
        if node.required:
            result["required"] = list(node.required)
        return _nullable(result, node.nullable)
    if isinstance(node, filing_schema.Array):
        result = {"type": "array", "items": node_schema(node.item), "maxItems": node.max_items}
        if isinstance(node, monitoring_schema.ChoiceList):
            result["uniqueItems"] = True
        return result
    if isinstance(node, filing_schema.Choice):
        values = list(node.choices) + ([None] if node.nullable else [])
        return {"enum": values}
    if isinstance(node, monitoring_schema.IntegerChoice):
        return {"type": "integer", "enum": list(node.choices)}
    if isinstance(node, filing_schema.Integer):
        return {"type": "integer", "minimum": node.minimum, "maximum": node.maximum}
    if isinstance(node, filing_schema.Date):
        return {"type": ["string", "null"], "format": "date"}
    if isinstance(node, filing_schema.Amount):
        return {"type": ["string", "null"], "pattern": filing_schema.AMOUNT_PATTERN.pattern}
    if isinstance(node, filing_schema.Text):
        result = {"type": "string"}
        if node.min_length:
            result["minLength"] = node.min_length
        if node.max_length is not None:
            result["maxLength"] = node.max_length
        if isinstance(node, filing_schema.Pattern):
            result["pattern"] = node.pattern.pattern
        return _nullable(result, node.nullable)
    raise TypeError(f"no JSON Schema for {type(node).__name__}")


def _nullable(result, nullable):
    if nullable:
        result["type"] = [result["type"], "null"]
    return result


def _json(schema_ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


ERROR = "#/components/schemas/Error"
PROBLEMS = "#/components/schemas/ErrorWithProblems"

FILING_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "申报编号",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}


REPORT_ID = {**FILING_ID, "description": "报告编号（监控报告或自评报告）"}


@dataclass(frozen=True)
class ActionSubject:
    """What a review action's operation says differs between a filing and a
    monitoring report: its path, its id, its words and statuses."""

    kind: str  # reviews.transitions.FILING or REPORT
    prefix: str  # the path up to the id
    parameter: dict
    noun: str
    statuses: type
    note: str = ""

    def path(self, action):
        return action.api_path if self.kind == FILING else f"{self.prefix}{{id}}/{action.name}/"

    def summary(self, action):
        if self.kind == FILING:
            return action.title
        return f"{SUBJECTS[self.kind].label(action)}{self.noun}"


FILING_OPERATIONS = ActionSubject(FILING, "/api/filings/", FILING_ID, "申报", FilingStatus)
# The actions of a report are the same for both kinds; the summary keeps
# monitoring's words (clients match it), the description says both.
REPORT_OPERATIONS = ActionSubject(REPORT, "/api/reports/", REPORT_ID, "监控报告", ReportStatus,
                                  "监控报告和自评报告均适用")


def _transition(action, subject=FILING_OPERATIONS):
    """The POST operation of one review action on a filing or a report."""
    sources = "或".join(subject.statuses(status).label for status in action.sources)
    parts = [f"{sources} → {subject.statuses(action.target).label}",
             f"仅{'或'.join(actor.label for actor in action.actors)}"]
    properties = {}
    if action.asks:
        need = "必填" if action.comment_required else "可选"
        parts.append(f"{action.comment_key} {need}")
        properties[action.comment_key] = {"type": "string", "description": f"{action.asks}（{need}）"}
    if action.conclusions:
        properties["conclusion"] = {
            "type": "string", "enum": ["", *action.conclusions],
            "description": f"审核结论：{'/'.join(action.conclusions)}，空为不评定",
        }
    if action.note:
        parts.append(action.note)
    if subject.note:
        parts.append(subject.note)
    operation = {
        "summary": subject.summary(action),
        "description": "；".join(parts) + "。",
        "parameters": [subject.parameter],
        "responses": {
            "200": {
                "description": "已完成，返回新状态",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}},
            },
            "400": _json(PROBLEMS, "请求不正确：缺少必填意见、结论不允许、或审核规则报告错误（problems 列出每一处）"),
            "401": _json(ERROR, "未登录"),
            "403": _json(ERROR, "当前角色不能执行此操作，或 CSRF 校验失败"),
            "404": _json(ERROR, f"{subject.noun}不存在或不在本人可见范围内"),
            "409": _json(ERROR, "当前状态不允许此操作（detail 说明原因）"),
        },
    }
    if properties:
        operation["requestBody"] = {
            "required": False,
            "content": {"application/json": {"schema": {"type": "object", "properties": properties}}},
        }
    return {"post": operation}


def _listing(summary, item_schema, description):
    """A GET of one filing's list (comments, rounds)."""
    return {"get": {
        "summary": summary,
        "parameters": [FILING_ID],
        "responses": {
            "200": {"description": description, "content": {"application/json": {"schema": {
                "type": "object", "required": ["results"],
                "properties": {"results": {"type": "array", "items": {"$ref": item_schema}}}}}}},
            "401": _json(ERROR, "未登录"),
            "404": _json(ERROR, "申报不存在或不在本人可见范围内"),
        },
    }}


PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "required": False,
     "description": "页码，从 1 开始；空值为第 1 页",
     "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID},
                          {"type": "string", "maxLength": 0}]}},
    {"name": "page_size", "in": "query", "required": False,
     "description": f"每页份数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}；空值为默认",
     "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                          {"type": "string", "maxLength": 0}]}},
]
YEAR_PARAMETER = {"name": "year", "in": "query", "required": False, "description": "年度；空值不筛选",
                  "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 9999},
                                       {"type": "string", "maxLength": 0}]}}


def _page_of(item_schema, description):
    """A 200 answer of a paged list (count, next, previous, results)."""
    return {"description": description, "content": {"application/json": {"schema": {
        "type": "object",
        "required": ["count", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "符合条件的总数（所有页）"},
            "next": {"type": ["string", "null"], "format": "uri", "description": "下一页的完整地址；最后一页为 null"},
            "previous": {"type": ["string", "null"], "format": "uri", "description": "上一页的完整地址；第 1 页为 null"},
            "results": {"type": "array", "items": {"$ref": item_schema}},
        },
    }}}}


def _ok(schema_ref, description, headers=None):
    answer = _json(schema_ref, description)
    if headers:
        answer["headers"] = headers
    return answer


ETAG = {"ETag": {"description": "报告的版本，修改（PUT）时放在 If-Match 请求头中", "schema": {"type": "string"}}}
NOT_FOUND_REPORT = "报告不存在或不在本人可见范围内"


@dataclass(frozen=True)
class RoundWords:
    """What the description of a kind of round says differently: its path,
    its words, whether it has a period (months), its progress schema."""

    path: str  # /api/monitoring-rounds/
    title: str  # 运行监控 / 绩效自评
    noun: str  # 监控任务 / 自评任务
    has_months: bool
    progress: str  # the component schema of one round with its progress


MONITORING_ROUNDS = RoundWords("/api/monitoring-rounds/", "运行监控", "监控任务", True, "MonitoringRoundProgress")
EVALUATION_ROUNDS = RoundWords("/api/evaluation-rounds/", "绩效自评", "自评任务", False, "EvaluationRoundProgress")


def round_paths(words):
    """A kind of round: its list, opening and one round with its progress."""
    signed_out = _json(ERROR, "未登录")
    opening = {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100, "description": "年度"},
        "deadline": {"type": "string", "format": "date", "description": "截止日期"},
        "region": {"type": ["string", "null"], "description": "行政区划代码"},
        "units": {"type": "array", "maxItems": 10_000, "description": "预算单位编号",
                  "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},
    }
    if words.has_months:
        opening["months"] = {"type": "integer", "enum": list(MONTH_CHOICES),
                             "description": f"监控期间 1–N月，默认 {DEFAULT_MONTHS}"}
    reports = "草稿报告" if words.has_months else "草稿自评报告（其最终审核通过版本的项目、指标和预算）"
    return {
        words.path: {
            "get": {
                "summary": f"{words.title}任务列表",
                "description": "审核人：辖区内的任务；填报人：有本单位报告的任务；管理员：全部。按年度、发起时间（新的在前）排列。",
                "parameters": [YEAR_PARAMETER, *PAGE_PARAMETERS],
                "responses": {
                    "200": _page_of("#/components/schemas/MonitoringRound", f"本人可见的{words.title}任务，分页"),
                    "400": _json(ERROR, "year、page 或 page_size 不正确"),
                    "401": signed_out,
                    "404": _json(ERROR, "页码超出最后一页（第 1 页总是存在，可能为空）"),
                },
            },
            "post": {
                "summary": f"发起{words.title}",
                "description": ("审核人在辖区内、管理员在任意范围发起：范围为一个行政区划（region，其下全部单位）或指定的预算单位"
                                f"（units，编号列表），二者选一；该年度范围内每份已通过的申报生成一份{reports}。"),
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["year", "deadline"], "properties": opening,
                }}}},
                "responses": {
                    "201": {"description": "已发起，返回任务编号和生成的报告份数",
                            "content": {"application/json": {"schema": {
                                "type": "object", "required": ["id", "report_count"],
                                "properties": {"id": {"type": "integer"},
                                               "report_count": {"type": "integer", "minimum": 0}}}}}},
                    "400": _json(PROBLEMS, "请求不正确（problems 列出每一处），或范围不在辖区内、没有范围"),
                    "401": signed_out,
                    "403": _json(ERROR, "填报人不能发起；或 CSRF 校验失败"),
                },
            },
        },
        f"{words.path}{{id}}/": {"get": {
            "summary": f"{words.title}任务及进度",
            "parameters": [{**FILING_ID, "description": f"{words.noun}编号"}],
            "responses": {
                "200": _json(f"#/components/schemas/{words.progress}", "任务及本人可见报告的进度"),
                "401": signed_out,
                "404": _json(ERROR, f"{words.noun}不存在（或不是{words.title}任务）或不在本人可见范围内"),
            },
        }},
    }


REPORT_KINDS = "运行监控的监控报告（monitoring/1，含预警灯）或绩效自评的自评报告（evaluation/1，含得分）"


def report_paths():
    """Reports of both kinds, a monitoring report's lights and a
    self-evaluation report's 复核 (the review actions of a report are added
    from the catalogue beside the filings')."""
    signed_out = _json(ERROR, "未登录")
    either = {"oneOf": [{"$ref": "#/components/schemas/Report"}, {"$ref": "#/components/schemas/EvaluationReport"}]}
    report_answer = {"content": {"application/json": {"schema": either}}, "headers": ETAG}
    return {
        "/api/reports/": {"get": {
            "summary": "报告列表（监控报告和自评报告）",
            "parameters": [
                {"name": "round", "in": "query", "required": False, "description": "监控任务或自评任务编号；空值不筛选",
                 "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID},
                                      {"type": "string", "maxLength": 0}]}},
                {"name": "kind", "in": "query", "required": False,
                 "description": "monitoring 监控报告、evaluation 自评报告；空值两者都列出",
                 "schema": {"type": "string", "enum": ["monitoring", "evaluation", ""]}},
                {"name": "status", "in": "query", "required": False, "description": "状态；空值不筛选",
                 "schema": {"type": "string", "enum": [*ReportStatus.values, ""]}},
                *PAGE_PARAMETERS,
            ],
            "responses": {
                "200": _page_of("#/components/schemas/AnyReportSummary",
                                "本人可见的报告（监控报告含各色灯数，自评报告含得分和等级），分页"),
                "400": _json(ERROR, "round、kind、status、page 或 page_size 不正确"),
                "401": signed_out,
                "404": _json(ERROR, "页码超出最后一页（第 1 页总是存在，可能为空）"),
            },
        }},
        "/api/reports/{id}/": {
            "get": {
                "summary": "报告（文档、状态、版本；监控报告的预警灯或自评报告的得分）",
                "description": f"{REPORT_KINDS}。自评报告的 scores 为按评分规则计算的得分及其说明（与页面一致）。",
                "parameters": [REPORT_ID],
                "responses": {
                    "200": {"description": "报告；ETag 为其版本", **report_answer},
                    "401": signed_out,
                    "404": _json(ERROR, NOT_FOUND_REPORT),
                },
            },
            "put": {
                "summary": "以 monitoring/1 或 evaluation/1 文档保存报告",
                "description": ("文档格式随报告：监控报告为 monitoring/1，自评报告为 evaluation/1。"
                                "仅本单位填报人，草稿或已退回时；审核通过的内容（项目、指标、年初预算数等）必须与报告一致；"
                                "自评报告的得分按规则重新计算（定性指标为填报的得分），复核得分与理由以报告中的为准；"
                                "If-Match 为读取时的 ETag，其后有人保存则 412。"),
                "parameters": [
                    REPORT_ID,
                    {"name": "If-Match", "in": "header", "required": True,
                     "description": "读取报告时的 ETag（版本）", "schema": {"type": "string"}},
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
                    {"$ref": "#/components/schemas/Monitoring1"}, {"$ref": "#/components/schemas/Evaluation1"}]}}}},
                "responses": {
                    "200": {"description": "已保存，返回新的报告；ETag 为新版本", **report_answer},
                    "400": _json(PROBLEMS, "文档不正确或改动了审核通过的内容，problems 列出每一处问题及其 JSON 路径"),
                    "401": signed_out,
                    "403": _json(ERROR, "只有本单位填报人可以修改；或 CSRF 校验失败"),
                    "404": _json(ERROR, NOT_FOUND_REPORT),
                    "409": _json(ERROR, "报告已提交或已接受，不能修改"),
                    "412": _ok("#/components/schemas/Stale", "报告已被他人修改（version 为当前版本）", ETAG),
                    "428": _json(ERROR, "缺少 If-Match 请求头"),
                },
            },
        },
        "/api/reports/{id}/lights/": {"get": {
            "summary": "监控报告的预警灯和提交前的审核规则",
            "parameters": [REPORT_ID],
            "responses": {
                "200": _json("#/components/schemas/ReportLights", "按已保存的内容计算的预警灯与问题"),
                "401": signed_out,
                "404": _json(ERROR, f"{NOT_FOUND_REPORT}；或为自评报告（没有预警灯，得分见报告本身）"),
            },
        }},
        "/api/reports/{id}/review-scores/": {"post": {
            "summary": "复核评分（自评报告的一个指标）",
            "description": ("仅辖区审核人，自评报告已提交、接受前。project、indicator 为文档中项目和指标的序号（从 0 开始）；"
                            "score 在 0 到该指标分值之间，须填写复核理由；score 为 null 或空文本则取消该指标的复核得分。"
                            "报告随后同时显示自评得分和复核得分，等级以复核为准；每次复核记入报告的历史。"),
            "parameters": [REPORT_ID],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["project", "indicator"],
                "properties": {
                    "project": {"type": "integer", "minimum": 0, "description": "项目序号（从 0 开始）"},
                    "indicator": {"type": "integer", "minimum": 0, "description": "指标序号（从 0 开始）"},
                    "score": {"anyOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}],
                              "description": "复核得分；null 或空文本取消"},
                    "reason": {"type": ["string", "null"], "description": "复核理由（设置得分时必填）"},
                },
            }}}},
            "responses": {
                "200": {"description": "已保存，返回报告（含复核后的得分和等级）；ETag 为新版本",
                        "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/EvaluationReport"}}}, "headers": ETAG},
                "400": _json(PROBLEMS, "请求不正确，得分超出 0–分值、缺少复核理由、没有这个指标，或不是自评报告"),
                "401": signed_out,
                "403": _json(ERROR, "只有辖区审核人可以设置复核得分；或 CSRF 校验失败"),
                "404": _json(ERROR, NOT_FOUND_REPORT),
                "409": _json(ERROR, "报告不是已提交状态（草稿、已退回或已接受），不能复核"),
            },
        }},
    }


_LIGHT = {"type": "string", "enum": ["red", "yellow", "green", "blue", ""],
          "description": "red 红灯、yellow 黄灯、green 绿灯、blue 蓝灯，空为未判定"}
_JUDGEMENT = {"type": "object", "required": ["light", "label", "explanation", "needs_reason"],
              "properties": {"light": _LIGHT, "label": {"type": "string"}, "explanation": {"type": "string"},
                             "needs_reason": {"type": "boolean", "description": "红灯或黄灯：提交前须填写偏差原因和纠偏措施"}}}
_COUNTS = {"type": "object", "required": ["red", "yellow", "green", "blue", "unjudged", "worst"],
           "properties": {**{key: {"type": "integer", "minimum": 0}
                             for key in ("red", "yellow", "green", "blue", "unjudged")}, "worst": _LIGHT}}
_REGION = {"type": ["object", "null"], "required": ["code", "name"],
           "properties": {"code": {"type": ["string", "null"]}, "name": {"type": "string"}}}
_ROUND_PROPERTIES = {
    "id": {"type": "integer"}, "title": {"type": "string"}, "year": {"type": "integer"},
    "months": {"type": ["integer", "null"]}, "period": {"type": "string"},
    "deadline": {"type": "string", "format": "date"}, "region": _REGION,
    "opened_at": {"type": "string", "format": "date-time"},
}
_REPORT_SUMMARY_PROPERTIES = {
    "id": {"type": "integer"}, "round": {"type": "integer"}, "filing": {"type": "integer"},
    "unit": {"type": "object", "required": ["code", "name", "region"],
             "properties": {"code": {"type": ["string", "null"]}, "name": {"type": "string"}, "region": _REGION}},
    "status": {"type": "string", "enum": ReportStatus.values}, "status_label": {"type": "string"},
    "version": {"type": "integer", "minimum": 1},
}
_LIGHTS = {
    "type": "object", "required": ["counts", "projects", "problems"],
    "properties": {
        "counts": _COUNTS,
        "projects": {"type": "array", "items": {
            "type": "object", "required": ["light", "label", "budget", "indicators"],
            "properties": {"light": _LIGHT, "label": {"type": "string"}, "budget": _JUDGEMENT,
                           "indicators": {"type": "array", "items": _JUDGEMENT}}}},
        "problems": {"type": "array", "description": "提交前的审核规则：error 阻止提交", "items": {
            "type": "object", "required": ["path", "code", "severity", "message"],
            "properties": {"path": {"type": "string"}, "code": {"type": "string"},
                           "severity": {"type": "string", "enum": ["error", "warning"]},
                           "message": {"type": "string"}}}},
    },
}
MONITORING_SCHEMAS = {
    "MonitoringRound": {"type": "object", "required": list(_ROUND_PROPERTIES), "properties": _ROUND_PROPERTIES},
    "MonitoringRoundProgress": {
        "type": "object", "required": [*_ROUND_PROPERTIES, "reports"],
        "properties": {**_ROUND_PROPERTIES, "reports": {
            "type": "object", "description": "本人可见的报告：总数、各进度、有红灯或黄灯的份数",
            "required": ["total", "not_started", "draft", "returned", "submitted", "approved", "with_red",
                         "with_yellow"],
            "properties": {key: {"type": "integer", "minimum": 0} for key in (
                "total", "not_started", "draft", "returned", "submitted", "approved", "with_red", "with_yellow")}}},
    },
    "ReportSummary": {"type": "object", "required": [*_REPORT_SUMMARY_PROPERTIES, "lights"],
                      "properties": {**_REPORT_SUMMARY_PROPERTIES, "lights": _COUNTS}},
    "Report": {"type": "object",
               "required": [*_REPORT_SUMMARY_PROPERTIES, "round_title", "deadline", "lights", "document"],
               "properties": {**_REPORT_SUMMARY_PROPERTIES, "round_title": {"type": "string"},
                              "deadline": {"type": "string", "format": "date"}, "lights": _LIGHTS,
                              "document": {"$ref": "#/components/schemas/Monitoring1"}}},
    "ReportLights": {"type": "object", "required": ["id", "version", *_LIGHTS["required"]],
                     "properties": {"id": {"type": "integer"}, "version": {"type": "integer"},
                                    **_LIGHTS["properties"]}},
    "Stale": {"type": "object", "required": ["detail", "version"],
              "properties": {"detail": {"type": "string"}, "version": {"type": "integer"}}},
}


_POINTS = {"type": ["string", "null"], "description": "两位小数的分数或百分比；尚不能计算时为 null"}
_TEXT = {"type": "string"}
_PROGRESS_KEYS = ("total", "not_started", "draft", "returned", "submitted", "approved")
_SCORES = {
    "type": "object", "required": ["projects", "problems"],
    "description": "按评分规则（docs/evaluation-rules.md）计算的得分，每个数值附中文说明；与报告页面一致",
    "properties": {
        "projects": {"type": "array", "items": {
            "type": "object",
            "required": ["budget", "indicators", "weights_problem", "total", "total_explanation", "grade",
                         "reviewed", "review_total", "review_total_explanation", "review_grade"],
            "properties": {
                "budget": {"type": "object", "required": ["rates", "points", "explanation", "warning"],
                           "properties": {"rates": {"type": "object", "description": "各资金行的执行率（%）",
                                                    "additionalProperties": _POINTS},
                                          "points": _POINTS, "explanation": _TEXT, "warning": _TEXT}},
                "indicators": {"type": "array", "items": {
                    "type": "object",
                    "required": ["qualitative", "points", "explanation", "problem", "warning", "review_points",
                                 "review_problem"],
                    "properties": {"qualitative": {"type": "boolean", "description": "定性指标：得分由单位在其档次内填写"},
                                   "points": _POINTS, "explanation": _TEXT,
                                   "problem": {"type": "string", "description": "得分不成立的原因（如定性得分超出档次），空为无"},
                                   "warning": _TEXT,
                                   "review_points": {**_POINTS, "description": "复核得分；未复核为 null"},
                                   "review_problem": _TEXT}}},
                "weights_problem": {"type": "string", "description": "分值合计不为 90 等问题，空为无"},
                "total": _POINTS, "total_explanation": _TEXT,
                "grade": {"type": "string", "enum": ["优", "良", "中", "差", ""]},
                "reviewed": {"type": "boolean"}, "review_total": _POINTS, "review_total_explanation": _TEXT,
                "review_grade": {"type": "string", "enum": ["优", "良", "中", "差", ""]},
            }}},
        "problems": _LIGHTS["properties"]["problems"],
    },
}
_FIGURES = {
    "type": "object", "description": "自评报告的总分、等级（复核后的等级以复核为准）、总体执行率（%）",
    "required": ["total", "grade", "review_total", "review_grade", "final_grade", "execution_rate"],
    "properties": {"total": _POINTS, "grade": {"type": "string"}, "review_total": _POINTS,
                   "review_grade": {"type": "string"}, "final_grade": {"type": "string"},
                   "execution_rate": _POINTS},
}
EVALUATION_SCHEMAS = {
    "EvaluationRoundProgress": {
        "type": "object", "required": [*_ROUND_PROPERTIES, "reports"],
        "properties": {**_ROUND_PROPERTIES, "reports": {
            "type": "object", "description": "本人可见的报告：总数、各进度、已得出总分的、已复核的、各等级（复核后以复核为准）的份数",
            "required": [*_PROGRESS_KEYS, "scored", "reviewed", "grades"],
            "properties": {
                **{key: {"type": "integer", "minimum": 0} for key in (*_PROGRESS_KEYS, "scored", "reviewed")},
                "grades": {"type": "object", "required": ["优", "良", "中", "差"],
                           "properties": {g: {"type": "integer", "minimum": 0} for g in ("优", "良", "中", "差")}},
            }}},
    },
    "EvaluationReportSummary": {"type": "object", "required": [*_REPORT_SUMMARY_PROPERTIES, "figures"],
                                "properties": {**_REPORT_SUMMARY_PROPERTIES, "figures": _FIGURES}},
    "AnyReportSummary": {"oneOf": [{"$ref": "#/components/schemas/ReportSummary"},
                                   {"$ref": "#/components/schemas/EvaluationReportSummary"}]},
    "EvaluationReport": {
        "type": "object",
        "required": [*_REPORT_SUMMARY_PROPERTIES, "figures", "round_title", "deadline", "scores", "document"],
        "properties": {**_REPORT_SUMMARY_PROPERTIES, "figures": _FIGURES, "round_title": {"type": "string"},
                       "deadline": {"type": "string", "format": "date"}, "scores": _SCORES,
                       "document": {"$ref": "#/components/schemas/Evaluation1"}}},
}


@lru_cache(maxsize=1)
def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "绩效目标填报审核系统 API",
            "version": "1",
            "description": (
                "会话登录：先在 /accounts/login/ 以 Django 标准表单登录，POST 请求在 X-CSRFToken 请求头中"
                "携带 csrftoken Cookie 的值。权限与页面一致：填报人只见本单位，审核人只见辖区（含下级区划），"
                "管理员可见全部；可见范围之外一律 404。"
            ),
        },
        "paths": {
            "/api/filings/": {
                "get": {
                    "summary": "申报列表",
                    "parameters": [
                        # Empty means "no filter", as in ?year=&status=.
                        {"name": "year", "in": "query", "required": False, "description": "预算年度；空值不筛选",
                         "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 9999},
                                              {"type": "string", "maxLength": 0}]}},
                        {"name": "status", "in": "query", "required": False, "description": "状态；空值不筛选",
                         "schema": {"type": "string", "enum": [*FilingStatus.values, ""]}},
                        *PAGE_PARAMETERS,
                    ],
                    "responses": {
                        "200": {
                            "description": "本人可见的申报，按年度（新的在前）、单位名称排列，分页",
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "required": ["count", "next", "previous", "results"],
                                "properties": {
                                    "count": {"type": "integer", "minimum": 0,
                                              "description": "符合条件的申报总数（所有页）"},
                                    "next": {"type": ["string", "null"], "format": "uri",
                                             "description": "下一页的完整地址；最后一页为 null"},
                                    "previous": {"type": ["string", "null"], "format": "uri",
                                                 "description": "上一页的完整地址；第 1 页为 null"},
                                    "results": {"type": "array", "items": {
                                        "$ref": "#/components/schemas/FilingSummary"}},
                                },
                            }}},
                        },
                        "400": _json(ERROR, "year、status、page 或 page_size 不正确"),
                        "401": _json(ERROR, "未登录"),
                        "404": _json(ERROR, "页码超出最后一页（第 1 页总是存在，可能为空）"),
                    },
                },
                "post": {
                    "summary": "以 filing/1 文档新建草稿",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Filing1"}}},
                    },
                    "responses": {
                        "201": {
                            "description": "已新建草稿",
                            "content": {"application/json": {"schema": {
                                "type": "object", "required": ["id"],
                                "properties": {"id": {"type": "integer"}}}}},
                        },
                        "400": _json(PROBLEMS, "文档不正确，problems 列出每一处问题及其 JSON 路径"),
                        "401": _json(ERROR, "未登录"),
                        "403": _json(ERROR, "审核人不能新建；填报人只能为本单位新建；或 CSRF 校验失败"),
                        "409": _json("#/components/schemas/Conflict", "该单位该年度的申报已存在"),
                    },
                },
            },
            "/api/filings/{id}/export.json": {
                "get": {
                    "summary": "导出 filing/1 文档",
                    "parameters": [FILING_ID],
                    "responses": {
                        "200": {"description": "filing/1 文档",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Filing1"}}}},
                        "401": _json(ERROR, "未登录"),
                        "404": _json(ERROR, "申报不存在或不在本人可见范围内"),
                    },
                },
            },
            "/api/filings/{id}/comments/": _listing("审核意见及其答复", "#/components/schemas/Comment",
                                                    "审核意见（含答复、所在轮次、是否关闭），按时间先后"),
            "/api/filings/{id}/rounds/": _listing("审核轮次及每次的修改", "#/components/schemas/Round",
                                                  "每次提交、撤回、退回、通过、重新打开，按先后；changes 为与前一次相比的修改"),
            **{FILING_OPERATIONS.path(action): _transition(action) for action in actions_for(FILING)},
            **round_paths(MONITORING_ROUNDS),
            **round_paths(EVALUATION_ROUNDS),
            **report_paths(),
            **{REPORT_OPERATIONS.path(action): _transition(action, REPORT_OPERATIONS)
               for action in actions_for(REPORT)},
        },
        "components": {
            "schemas": {
                "Filing1": {**node_schema(filing_schema.DOCUMENT), "title": "filing/1"},
                "Monitoring1": {**node_schema(monitoring_schema.DOCUMENT), "title": "monitoring/1"},
                "Evaluation1": {**node_schema(evaluation_schema.DOCUMENT), "title": "evaluation/1"},
                **MONITORING_SCHEMAS,
                **EVALUATION_SCHEMAS,
                "FilingSummary": {
                    "type": "object",
                    "required": ["id", "year", "status", "unit"],
                    "properties": {
                        "id": {"type": "integer"},
                        "year": {"type": "integer"},
                        "status": {"type": "string", "enum": FilingStatus.values},
                        "unit": {
                            "type": "object",
                            "required": ["code", "name", "region"],
                            "properties": {
                                "code": {"type": ["string", "null"]},
                                "name": {"type": "string"},
                                "region": {
                                    "type": "object",
                                    "required": ["code", "name"],
                                    "properties": {"code": {"type": ["string", "null"]}, "name": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
                "Comment": {
                    "type": "object",
                    "required": ["id", "target", "subject", "location", "text", "author", "created_at", "round",
                                 "state", "replies", "closed_with_approval"],
                    "properties": {
                        "id": {"type": "integer"},
                        "target": {"type": "string", "enum": ["filing", "project", "indicator"]},
                        "field": {"type": "string", "description": "针对项目或指标行的哪一栏（filing/1 键名），空为整项"},
                        "subject": {"type": "string"},
                        "location": {"type": "string", "description": "写下意见时所针对内容的 JSON 路径"},
                        "project_id": {"type": ["integer", "null"]},
                        "indicator_id": {"type": ["integer", "null"]},
                        "item_removed": {"type": "boolean", "description": "所针对的项目或指标行已删除"},
                        "text": {"type": "string"},
                        "author": {"type": "string"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "round": {"type": ["integer", "null"], "description": "第几轮审核"},
                        "round_label": {"type": ["string", "null"]},
                        "state": {"type": "string", "enum": ["open", "answered", "closed"]},
                        "answered_at": {"type": ["string", "null"], "format": "date-time"},
                        "replies": {"type": "array", "items": {
                            "type": "object", "required": ["author", "text", "created_at"],
                            "properties": {"author": {"type": "string"}, "text": {"type": "string"},
                                           "created_at": {"type": "string", "format": "date-time"}}}},
                        "closed_at": {"type": ["string", "null"], "format": "date-time"},
                        "closed_by": {"type": ["string", "null"]},
                        "closed_with_approval": {"type": "boolean"},
                    },
                },
                "Round": {
                    "type": "object",
                    "required": ["number", "round", "round_label", "action", "from_status", "to_status", "actor",
                                 "created_at", "changes"],
                    "properties": {
                        "number": {"type": "integer", "description": "第几次操作（快照与修改对比页面的地址用它）"},
                        "round": {"type": "integer", "description": "第几轮审核：第 N 次提交及对它的决定"},
                        "round_label": {"type": "string"},
                        "adjustment": {"type": "boolean", "description": "重新打开以调整开始的一轮"},
                        "action": {"type": "string", "enum": list(ACTIONS)},
                        "action_label": {"type": "string"},
                        "from_status": {"type": "string", "enum": FilingStatus.values},
                        "to_status": {"type": "string", "enum": FilingStatus.values},
                        "actor": {"type": "string"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "comment": {"type": "string"},
                        "conclusion": {"type": "string"},
                        "changes": {"type": "array", "items": {
                            "type": "object", "required": ["kind", "location", "subject"],
                            "properties": {"kind": {"type": "string", "enum": ["added", "removed", "changed"]},
                                           "location": {"type": "string"}, "subject": {"type": "string"},
                                           "field": {"type": "string"}, "old": {}, "new": {}}}},
                    },
                },
                "Status": {
                    "type": "object",
                    "required": ["status"],
                    "properties": {"status": {"type": "string", "enum": FilingStatus.values}},
                },
                "Error": {
                    "type": "object",
                    "required": ["detail"],
                    "properties": {"detail": {"type": "string"}},
                },
                "ErrorWithProblems": {
                    "type": "object",
                    "required": ["detail"],
                    "properties": {
                        "detail": {"type": "string"},
                        "problem_count": {"type": "integer", "description": "问题总数（problems 只列出前 100 处）"},
                        "problems": {"type": "array", "items": {
                            "type": "object",
                            "required": ["path", "message"],
                            "properties": {
                                "path": {"type": "string"},
                                "message": {"type": "string"},
                                "code": {"type": "string"},
                                "severity": {"type": "string", "enum": ["error", "warning"]},
                            },
                        }},
                    },
                },
                "Conflict": {
                    "type": "object",
                    "required": ["detail", "id"],
                    "properties": {"detail": {"type": "string"}, "id": {"type": "integer"}},
                },
            },
        },
    }
