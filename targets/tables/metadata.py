"""What an exported workbook says about itself beyond its tables: the
filing's year, layout, amount unit and unit, and the unit's own headings
(so the reader knows a section titled in the unit's words), kept as custom document
properties (File → Properties → Custom in Excel and WPS, which keep them
when they save the file). The XLSX import reads them back; the writer and
the reader share the names here.
"""
from openpyxl.packaging.custom import CustomPropertyList, StringProperty
from openpyxl.xml.constants import CPROPS_FMTID, CUSTPROPS_NS, VTYPES_NS
from openpyxl.xml.functions import Element, SubElement

from config.safe_files import xml_text

from . import headings

PREFIX = "jixiao."
# Property name (after the prefix) -> where it comes from in the document.
FIELDS = (
    "format",
    "year",
    "layout",
    "amount_unit",
    "unit_code",
    "unit_name",
    "region_code",
    "region_name",
    "scope",  # "filing" for the whole filing, "project" for one project's workbook
    "project_index",  # 0-based place of that project in the filing
    *headings.PROPERTY_NAMES,  # "heading.department.heading": the filing/1 heading keys the document gives
)


def metadata_for(document, project_index=None):
    """{name: text} for a document's workbook; blank values are left out."""
    unit = document.get("unit") or {}
    region = unit.get("region") or {}
    values = {
        "format": document.get("format"),
        "year": document.get("year"),
        "layout": document.get("layout"),
        "amount_unit": document.get("amount_unit"),
        "unit_code": unit.get("code"),
        "unit_name": unit.get("name"),
        "region_code": region.get("code"),
        "region_name": region.get("name"),
        "scope": "filing" if project_index is None else "project",
        "project_index": project_index,
    }
    for (part, key), name in zip(headings.FIELDS, headings.PROPERTY_NAMES):
        values[name] = headings.part_values(document, part)[key]
    # Control characters would make the properties part invalid XML.
    return {key: xml_text(str(value))
            for key, value in values.items() if value not in (None, "")}


class _StringProperties(CustomPropertyList):
    """Text properties written straight to the element that
    CustomPropertyList.to_tree() makes for them (docProps/custom.xml):
    openpyxl builds a typed property object with five value descriptors for
    each (~0.2 ms of the ~7 ms of a one-table workbook)."""

    def to_tree(self):
        root = Element("Properties")
        for pid, prop in enumerate(self.props, 2):
            element = SubElement(root, "property", name=prop.name, fmtid=CPROPS_FMTID, pid=str(pid))
            SubElement(element, f"{{{VTYPES_NS}}}lpwstr").text = prop.value
        root.set("xmlns", CUSTPROPS_NS)
        return root


def write_metadata(workbook, metadata):
    properties = _StringProperties()
    properties.props = [StringProperty(name=PREFIX + key, value=value)
                        for key, value in (metadata or {}).items()]
    workbook.custom_doc_props = properties


def read_metadata(workbook):
    """{name: text} of our properties in a loaded workbook ({} when it has
    none, e.g. a workbook made by hand)."""
    found = {}
    for prop in workbook.custom_doc_props:
        if prop.name and prop.name.startswith(PREFIX) and prop.value is not None:
            key = prop.name[len(PREFIX):]
            if key in FIELDS:
                found[key] = str(prop.value)
    return found
