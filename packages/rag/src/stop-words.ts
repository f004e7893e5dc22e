/**
 * Words left out of the lexical index, per knowledge-base language: Lucene's English stop set and the
 * Snowball Portuguese list. `simple` keeps every word.
 */
export const stopWords: Record<'english' | 'portuguese' | 'simple', ReadonlySet<string>> = {
  english: new Set(
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with what which how who when where why do does did from its'.split(
      ' ',
    ),
  ),
  portuguese: new Set(
    (
      'de a o que e do da em um para com nao uma os no se na por mais as dos como mas ao ele das a seu sua ou quando muito nos ja eu tambem so pelo pela ate isso ela entre depois sem mesmo aos seus quem nas me esse eles voce essa num nem suas meu minha numa pelos elas qual nos lhe deles essas esses pelas este dele tu te voces vos lhes meus minhas teu tua teus tuas nosso nossa nossos nossas dela delas esta estes estas aquele aquela aqueles aquelas isto aquilo estou esta estamos estao estive esteve estivemos estiveram estava estavamos estavam ' +
      'hei ha havemos hao houve houvemos houveram houvera haja hajamos hajam houver houvermos houverem houverei houvera houveremos houverao houveria houveriamos houveriam sou somos sao era eramos eram fui foi fomos foram fora foramos seja sejamos sejam fosse fossemos fossem for formos forem serei sera seremos serao seria seriamos seriam tenho tem temos tem tinha tinhamos tinham tive teve tivemos tiveram tivera tenha tenhamos tenham tivesse tivessemos tivessem tiver tivermos tiverem terei tera teremos terao teria teriamos teriam quais sobre'
    ).split(' '),
  ),
  simple: new Set(),
};
