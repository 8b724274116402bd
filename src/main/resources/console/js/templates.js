/*
 * Where a new scenario starts: the server's demo scenario, or a blank one that is valid as it stands.
 */

const DEMO_PATH = '/api/v1/scenario-templates/demo';

export const BLANK_SCENARIO = `name: my-bot
states:
  /Start:
    - intent: {patterns: ["hello", "hi"]}
    - text: "Hello! How can I help?"
  /CatchAll:
    - text: "Sorry, I did not understand that."
`;

/** The YAML of a template; when the server has no demo template, the blank one. */
export async function scenarioTemplate(api, name) {
  if (name !== 'demo') { return BLANK_SCENARIO; }
  try {
    const demo = await api.get(DEMO_PATH);
    if (demo && typeof demo.source === 'string') { return demo.source; }
  } catch (error) {
    if (!error.missing) { throw error; }
  }
  return BLANK_SCENARIO;
}
