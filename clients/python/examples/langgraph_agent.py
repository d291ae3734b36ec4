"""The reference article's LangGraph pattern against Dormouse: the session id is part of the graph's state, every node
resumes it, so the browser comes back with the graph after any restart.

Needs LangGraph (``pip install langgraph``), which this repository's CI cannot install (no PyPI there); the Dormouse
calls are the same ones ``tests/test_stack.py`` runs.
"""

from typing import Optional, TypedDict

from langgraph.graph import END, StateGraph

from dormouse import ActionFailed, Client

client = Client(controller_url="http://localhost:8100")


class AgentState(TypedDict):
    session_id: str
    task: str
    current_step: str
    results: list
    error: Optional[str]


def initialize_session(state: AgentState) -> AgentState:
    if state.get("session_id"):
        client.resume_session(state["session_id"])
    else:
        state["session_id"] = client.create_session(profile="agent-worker").id
    state["current_step"] = "navigate"
    return state


def navigate_and_act(state: AgentState) -> AgentState:
    page = client.resume_session(state["session_id"]).get_active_page()
    try:
        page.goto("https://example.com/dashboard")
        page.wait_for_selector("#data-table", timeout=10000)
        state["results"].append(page.evaluate(
            "() => Array.from(document.querySelectorAll('#data-table tr')).map(r => r.textContent)"))
        state["current_step"], state["error"] = "complete", None
    except ActionFailed as e:
        # e.code tells a selector that never came (selector-not-found) from a denied URL (policy-denied).
        state["current_step"], state["error"] = "retry", f"{e.code}: {e.message}"
    return state


def should_retry(state: AgentState) -> str:
    if state["current_step"] == "complete":
        return "done"
    return "retry" if state["error"] and len(state["results"]) < 3 else "done"


workflow = StateGraph(AgentState)
workflow.add_node("init", initialize_session)
workflow.add_node("act", navigate_and_act)
workflow.set_entry_point("init")
workflow.add_edge("init", "act")
workflow.add_conditional_edges("act", should_retry, {"retry": "act", "done": END})
app = workflow.compile()

if __name__ == "__main__":
    result = app.invoke({"session_id": "", "task": "collect dashboard data", "current_step": "init",
                         "results": [], "error": None})
    # Store result["session_id"]: the next run resumes exactly where this one left off.
    print(result["session_id"], result["error"])
