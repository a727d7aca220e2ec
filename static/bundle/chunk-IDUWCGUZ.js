//# allFunctionsCalledOnLoad
function u(s,o){let e=Object.freeze({...s}),t=new Set,i={};for(let[r,a]of Object.entries(o))i[r]=(...b)=>{let c=a(e,...b);if(!c||Object.keys(c).every(n=>Object.is(c[n],e[n])))return e;let f=e;e=Object.freeze({...e,...c});for(let n of[...t])n(e,f,r);return e};return{getState:()=>e,subscribe(r){return t.add(r),()=>t.delete(r)},actions:Object.freeze(i)}}var j=(s,o,...e)=>e.some(t=>!Object.is(s[t],o?.[t]));export{u as a,j as b};
//# sourceMappingURL=chunk-IDUWCGUZ.js.map
