import{a,b,c,d,e,f}from"./chunk-NMFS4SPL.js";import"./chunk-5J2NAARC.js";import"./chunk-PFARA4JM.js";import"./chunk-3ANLFJ5F.js";export{a as FIGURES,c as MAX_COUNT,b as MAX_SEED,f as tikzRequest,d as wholeNumber,e as worksheetRequests};
//# sourceMappingURL=sources-DWQA3HEY.js.map
