//# allFunctionsCalledOnLoad
import{a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q}from"./chunk-GLFKDYRK.js";import"./chunk-J5WUFMCX.js";export{h as EXPORT_PADDING,c as MAX_CANVAS_AREA,b as MAX_CANVAS_SIDE,a as STYLE_DEFAULTS,q as downloadJSON,p as downloadPNG,o as downloadSVG,l as downloadTikz,j as exportBox,n as pngScale,m as safeFilename,k as serializeSvg,d as styleAttributes,g as svgSize,f as texSource,e as texToRuns,i as zoomLayer};
//# sourceMappingURL=export-O4GDFXMY.js.map
