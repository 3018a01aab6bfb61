/**
 * Each optimizer's update rule and each schedule's learning rate as TeX, as their source files state them
 * (PyTorch's documentation for the torch.optim forms, UDL chapter 6 for the textbook ones, the papers for
 * Yogi and SWATS); g is ∇L(θ), α the learning rate, t the step. test/lab/rules.test.ts checks that every
 * registered optimizer and schedule has one and that KaTeX typesets it.
 */
export const UPDATE_RULES: Record<string, string> = {
  sgd: String.raw`m \leftarrow \mu m + (1-\tau)\,g,\quad \theta \leftarrow \theta - \alpha\,(m \text{ or } g + \mu m \text{ if Nesterov})`,
  adam: String.raw`m \leftarrow \beta_1 m + (1-\beta_1)g,\ v \leftarrow \beta_2 v + (1-\beta_2)g^2,\ \theta \leftarrow \theta - \alpha\,\frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)}+\epsilon}`,
  adamw: String.raw`\theta \leftarrow \theta(1-\alpha\lambda),\ \text{then Adam: } \theta \leftarrow \theta - \alpha\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}`,
  amsgrad: String.raw`\hat v_{\max} \leftarrow \max(\hat v_{\max}, v),\ \theta \leftarrow \theta - \alpha\,\frac{\hat m}{\sqrt{\hat v_{\max}}+\epsilon}`,
  adagrad: String.raw`s \leftarrow s + g^2,\quad \theta \leftarrow \theta - \frac{\alpha}{1+(t-1)\eta}\,\frac{g}{\sqrt{s}+\epsilon}`,
  rmsprop: String.raw`v \leftarrow \alpha' v + (1-\alpha')g^2,\quad \theta \leftarrow \theta - \alpha\,\frac{g}{\sqrt{v}+\epsilon}`,
  adadelta: String.raw`v \leftarrow \rho v + (1-\rho)g^2,\ \Delta = \frac{\sqrt{u+\epsilon}}{\sqrt{v+\epsilon}}\,g,\ u \leftarrow \rho u + (1-\rho)\Delta^2,\ \theta \leftarrow \theta - \alpha\Delta`,
  adamax: String.raw`m \leftarrow \beta_1 m + (1-\beta_1)g,\ u \leftarrow \max(\beta_2 u, |g|+\epsilon),\ \theta \leftarrow \theta - \frac{\alpha}{1-\beta_1^t}\,\frac{m}{u}`,
  nadam: String.raw`\mu_t = \beta_1(1-\tfrac12 0.96^{t\psi}),\ \theta \leftarrow \theta - \alpha\Big(\frac{\mu_{t+1} m}{1-\prod\mu} + \frac{(1-\mu_t) g}{1-\prod\mu}\Big)\Big/\big(\sqrt{\hat v}+\epsilon\big)`,
  radam: String.raw`\rho_t = \rho_\infty - \frac{2t\beta_2^t}{1-\beta_2^t},\ \theta \leftarrow \theta - \alpha\,\hat m\,(r_t/\sqrt{\hat v} \text{ if } \rho_t > 5 \text{ else } 1)`,
  yogi: String.raw`v \leftarrow v - (1-\beta_2)\,\operatorname{sign}(v-g^2)\,g^2,\quad \theta \leftarrow \theta - \alpha\,\frac{\hat m}{\sqrt{v}+\epsilon}`,
  lbfgs: String.raw`d = -H_k g \text{ (two-loop recursion over the last } m \text{ pairs } s, y),\quad \theta \leftarrow \theta + \alpha d`,
  nesterov: String.raw`m \leftarrow \beta m + (1-\beta)\,\nabla L(\theta - \alpha\beta m),\quad \theta \leftarrow \theta - \alpha m`,
  normalizedGd: String.raw`\theta \leftarrow \theta - \alpha\,\frac{g}{\sqrt{g^2}+\epsilon}`,
  gd: String.raw`\theta \leftarrow \theta - \alpha^* g,\quad \alpha^* \text{ from the line search (or } \alpha)`,
  newton: String.raw`\theta \leftarrow \theta - \alpha\,(\nabla^2 L + \lambda I)^{-1} g`,
  asgd: String.raw`\theta \leftarrow \theta(1-\lambda\eta) - \eta g,\ \bar\theta \leftarrow \bar\theta + \mu(\theta - \bar\theta),\ \eta \leftarrow \frac{\alpha}{(1+\lambda\alpha t)^{a}},\ \mu \leftarrow \frac{1}{\max(1, t - t_0)}`,
  rprop: String.raw`\Delta \leftarrow \operatorname{clip}\big(\Delta\cdot\{\eta_+, \eta_-, 1\}[\operatorname{sign}(g\,g_{\text{prev}})],\ \Delta_{\min}, \Delta_{\max}\big),\quad \theta \leftarrow \theta - \operatorname{sign}(g)\,\Delta`,
  adafactor: String.raw`R \leftarrow \operatorname{lerp}(R, \overline{G^2}_{\text{row}}, t^{\tau}),\ C \leftarrow \operatorname{lerp}(C, \overline{G^2}_{\text{col}}, t^{\tau}),\ U = \frac{G}{\sqrt{R C/\overline{R}}},\ \theta \leftarrow \theta(1-\alpha\lambda) - \max(\epsilon_2, \operatorname{RMS}\theta)\min(\alpha, t^{-1/2})\,\frac{U}{\max(1, \operatorname{RMS}(U)/d)}`,
  muon: String.raw`B \leftarrow \mu B + (1-\mu)g,\ O = \operatorname{NS}_k\big(g + \mu(B - g) \text{ or } B\big),\ \theta \leftarrow \theta(1-\alpha\lambda) - \alpha\sqrt{\max(1, r/c)}\,O \text{ (matrices; AdamW for the rest)}`,
  swats: String.raw`\text{Adam step } p,\ \gamma = \frac{p^\top p}{-p^\top g},\ \lambda \leftarrow \beta_2\lambda + (1-\beta_2)\gamma;\ \text{once } \Big|\frac{\lambda}{1-\beta_2^t} - \gamma\Big| < \epsilon:\ v \leftarrow \beta_1 v + g,\ \theta \leftarrow \theta - (1-\beta_1)\Lambda v`,
};

/** Each schedule's learning rate at step t from its base rate α₀ (the closed forms of PyTorch's lr_scheduler). */
export const SCHEDULE_RULES: Record<string, string> = {
  step: String.raw`\alpha_t = \alpha_0\,\gamma^{\lfloor t/s \rfloor}`,
  multistep: String.raw`\alpha_t = \alpha_0\,\gamma^{\#\{\text{milestones} \le t\}}`,
  lambda: String.raw`\alpha_t = \alpha_0\,\lambda(t)`,
  multiplicative: String.raw`\alpha_t = \alpha_{t-1}\,\lambda(t)`,
  exponential: String.raw`\alpha_t = \alpha_0\,\gamma^t`,
  cosine: String.raw`\alpha_t = \eta_{\min} + (\alpha_0 - \eta_{\min})\,\frac{1 + \cos(\pi t / T)}{2}`,
  cosineWarmRestarts: String.raw`\alpha_t = \eta_{\min} + (\alpha_0 - \eta_{\min})\,\frac{1 + \cos(\pi T_{\text{cur}} / T_i)}{2},\ T_{i+1} = T_i\,T_{\text{mult}}`,
  onecycle: String.raw`\alpha: \tfrac{\alpha_{\max}}{d} \nearrow \alpha_{\max} \text{ over } p N \text{ steps} \searrow \tfrac{\alpha_{\max}}{d\,d_f} \text{ (cosine)}`,
  cyclic: String.raw`\alpha_t = \alpha_{\text{base}} + (\alpha_{\max} - \alpha_{\text{base}})\,\text{triangle}(t)\,f(t)`,
  linear: String.raw`\alpha_t = \alpha_0\Big(s + (e - s)\,\frac{\min(T, t)}{T}\Big)`,
  constant: String.raw`\alpha_t = \alpha_0\,(c \text{ if } t < T \text{ else } 1)`,
  polynomial: String.raw`\alpha_t = \alpha_0\,\Big(1 - \frac{\min(T, t)}{T}\Big)^p`,
  sequential: String.raw`\alpha_t = \text{schedule}_i(t - m_{i}),\ i = \#\{\text{milestones } m \le t\}`,
  chained: String.raw`\alpha_t = \text{schedule}_n(\cdots\text{schedule}_1(\alpha_{t-1}))`,
  warmup: String.raw`\alpha_t = \alpha_0\Big(s + (1 - s)\,\frac{t}{T}\Big) \text{ for } t < T, \text{ then the next schedule from step } t - T`,
  swalr: String.raw`\alpha \leftarrow \alpha_{\text{swa}}\,a(t) + \alpha_{\text{prev}}\,(1 - a(t)),\ a(t) = \tfrac{1 - \cos \pi t}{2}`,
  reduceOnPlateau: String.raw`\alpha \leftarrow \max(f\alpha, \alpha_{\min}) \text{ after more than } p \text{ steps without improvement}`,
};
