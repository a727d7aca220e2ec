import{a,b,c,d,e,f}from"./chunk-VDKHIBM4.js";import"./chunk-HFRVFBIV.js";import"./chunk-PFARA4JM.js";import"./chunk-3ANLFJ5F.js";export{a as FIGURES,c as MAX_COUNT,b as MAX_SEED,f as tikzRequest,d as wholeNumber,e as worksheetRequests};
//# sourceMappingURL=sources-INZ2WB7D.js.map
