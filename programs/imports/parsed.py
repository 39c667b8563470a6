"""What the reader understood from a program document: plain data, JSON both ways (it waits in
the upload row while the user checks the preview), no database rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: the doubts a row can carry, as the preview words them
DOUBTS = {
    "no_number": "в документе нет номера — номер присвоен порталом",
    "organisation": "организация не найдена в реестре",
    "timing": "срок не распознан — уточните после создания",
    "merged": "ячейка объединена по нескольким строкам — текст отнесён к каждой",
    "no_title": "нет наименования мероприятия",
}


@dataclass
class ParsedMeasure:
    number: str
    title: str
    timing: str = ""
    responsible: str = ""
    result: str = ""
    task: str = ""  # the number of the task it stands under
    section: str = ""  # the number of the section it stands under
    assignments: dict[str, str] = field(default_factory=dict)  # executor level → text (roadmaps)
    extra: dict[str, str] = field(default_factory=dict)  # columns the portal does not keep
    doubts: list[str] = field(default_factory=list)
    source: str = ""  # the row as the document has it, for the preview

    def doubt_labels(self) -> list[str]:
        return [DOUBTS[d] for d in self.doubts if d in DOUBTS]


@dataclass
class ParsedStage:
    number: str
    title: str
    start: str  # ISO dates
    end: str
    content: str = ""


@dataclass
class ParsedProgram:
    title: str = ""
    kind: str = "program"
    period_start: str = ""  # ISO date, "" when the document gives none
    period_end: str = ""
    period_end_assumed: bool = False
    numbers_assigned: bool = False
    approval_doc_type: str = ""
    approval_number: str = ""
    approval_date: str = ""
    approved_by: str = ""
    signatory: str = ""
    appendix_label: str = ""
    control: str = ""
    legal_bases: list[str] = field(default_factory=list)
    developers: list[str] = field(default_factory=list)
    executors: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    tasks: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    expected_results: list[str] = field(default_factory=list)
    stages: list[ParsedStage] = field(default_factory=list)
    risks: list[tuple[str, str]] = field(default_factory=list)
    schools: list[tuple[str, str, str]] = field(default_factory=list)  # name, code, role label
    measures: list[ParsedMeasure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not found, for the user
    text: list[str] = field(default_factory=list)  # the document's paragraphs, for the preview

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedProgram:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["tasks"] = [tuple(t) for t in values.get("tasks", [])]
        values["sections"] = [tuple(s) for s in values.get("sections", [])]
        values["risks"] = [tuple(r) for r in values.get("risks", [])]
        values["schools"] = [tuple(s) for s in values.get("schools", [])]
        values["stages"] = [ParsedStage(**s) for s in values.get("stages", [])]
        values["measures"] = [ParsedMeasure(**m) for m in values.get("measures", [])]
        return cls(**values)
