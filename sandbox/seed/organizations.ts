/** The tutorial's sample organization, so its cells run as written. */
export const SAMPLE_ORGANIZATION = {
  id: "279b202f-6170-4f14-b021-ea904f758e27",
  principal: { type: "ORGANIZATION" as const, id: "OpenLatticeSampleOrg" },
  title: "OpenLattice Sample Organization",
  description: "A sample organization to follow the OrganizationsApi tutorial with.",
};

/** The organization that owns the demo datasets; its owner is the seeded `owner`, a data steward. */
export const DEMO_DATA_ORGANIZATION = {
  id: "1d5aa1f4-4d22-46a5-97cd-dcc6820e7ff8",
  principal: { type: "ORGANIZATION" as const, id: "OpenLatticeDemoData" },
  title: "OpenLattice Demo Data",
  description: "Owns the demo datasets that other organizations may materialize.",
};
