//# allFunctionsCalledOnLoad
import{a,b,c,d,e,f}from"./chunk-774OCAM4.js";import"./chunk-232RDW5A.js";import"./chunk-PJIOUCYA.js";import"./chunk-J5WUFMCX.js";export{a as FIGURES,c as MAX_COUNT,b as MAX_SEED,f as tikzRequest,d as wholeNumber,e as worksheetRequests};
//# sourceMappingURL=sources-4XCUP4QK.js.map
