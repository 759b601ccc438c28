"""The OpenAPI 3.1 description of the JSON API. The filing/1 request body is
derived from the validator in targets.interchange.schema and the review
actions' operations from reviews.actions, so the description cannot drift
from the checks or the actions."""
from functools import lru_cache

from targets.interchange import schema as filing_schema
from targets.models import FilingStatus

from .actions import ACTIONS

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
        return {"type": "array", "items": node_schema(node.item), "maxItems": node.max_items}
    if isinstance(node, filing_schema.Choice):
        values = list(node.choices) + ([None] if node.nullable else [])
        return {"enum": values}
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


def _transition(action):
    """The POST operation of one review action."""
    sources = "或".join(FilingStatus(status).label for status in action.sources)
    parts = [f"{sources} → {FilingStatus(action.target).label}",
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
    operation = {
        "summary": action.title,
        "description": "；".join(parts) + "。",
        "parameters": [FILING_ID],
        "responses": {
            "200": {
                "description": "已完成，返回新状态",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}},
            },
            "400": _json(PROBLEMS, "请求不正确：缺少必填意见、结论不允许、或审核规则报告错误（problems 列出每一处）"),
            "401": _json(ERROR, "未登录"),
            "403": _json(ERROR, "当前角色不能执行此操作，或 CSRF 校验失败"),
            "404": _json(ERROR, "申报不存在或不在本人可见范围内"),
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
                        {"name": "page", "in": "query", "required": False,
                         "description": "页码，从 1 开始；空值为第 1 页",
                         "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID},
                                              {"type": "string", "maxLength": 0}]}},
                        {"name": "page_size", "in": "query", "required": False,
                         "description": f"每页份数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}；空值为默认",
                         "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                                              {"type": "string", "maxLength": 0}]}},
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
            **{action.api_path: _transition(action) for action in ACTIONS.values()},
        },
        "components": {
            "schemas": {
                "Filing1": {**node_schema(filing_schema.DOCUMENT), "title": "filing/1"},
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
