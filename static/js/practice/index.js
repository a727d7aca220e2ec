// Placeholder until the practice view lands: mount(root, ctx) draws the view into its section.
export function mount(root, ctx) {
  return {};
}
