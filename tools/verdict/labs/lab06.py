"""Lab 06's checks: they run in the grading process and decide each test cell.

Inputs are drawn (seeded) from the whole of each question: several seeds, the generators read
right after ``seed_everything`` without any other seeding, the cuDNN flags set the wrong way
first; loaders of 1 to 5 channels, non-square images, a large mean, a last batch smaller
than the others, a plain iterator (one pass only) and a loader that reuses its batch's memory
(a function that keeps the batches sees only the last one); other statistics and images for
the transforms, the training crop found by its shift in 60 draws (any padding fill); ResNets of
other class counts, with faked ImageNet weights; the LightningModule inside a real Trainer
(epoch accuracies over a smaller last batch), its optimizer and every epoch of its schedule,
with hyperparameters drawn.
"""
import torch

from tools.verdict.session import Fn, Lib, check

ID = Fn("identity")


def M(name, *args, **kwargs):
    return Fn("method", (name, args, kwargs))


def A(path):
    return Fn("compose", tuple(Fn("attr", (p,)) for p in path.split(".")))


def _gen(t) -> torch.Generator:
    return torch.Generator().manual_seed(t.rng.randrange(2**31))


def _type(t, obj) -> str:
    return t.call(Fn("compose", (Fn("attr", ("__class__",)), Fn("attr", ("__qualname__",)))), obj, what="tipo")


# -- Question 1: seed_everything --------------------------------------------------------------------

def _draws(t):
    """One draw of each global generator, without any seeding by the grader."""
    return (t.call(Lib("random.random"), seed=None, what="random.random()"),
            t.call(Lib("numpy.random.randint"), 0, 2**31 - 1, seed=None, what="np.random.randint"),
            t.call(Lib("torch.randperm"), 12, seed=None, what="torch.randperm(12)"))


@check("set_seed_t1", states="o módulo random do Python e o NumPy;")
def seed_generators(t):
    for seed in (0, 7, t.rng.randrange(10**6), 2**32 - 1):
        t.call("seed_everything", seed, seed=None, what=f"seed_everything({seed})")
        first = _draws(t)
        t.expect(first, f"sorteios de random, NumPy e PyTorch depois de seed_everything({seed})")
        t.call("seed_everything", seed, seed=None, what=f"seed_everything({seed})")
        t.expect(_draws(t), f"os mesmos sorteios depois de seed_everything({seed}) outra vez")
    t.call(Lib("torch.use_deterministic_algorithms"), False, what="(correção) modo determinístico desligado")


@check("set_seed_t2", states="o cuDNN: só algoritmos determinísticos (deterministic = True) e sem a busca")
def seed_cudnn(t):
    cudnn = Lib("torch.backends.cudnn")
    for deterministic, benchmark in ((False, True), (True, True), (False, False)):
        t.setattr(cudnn, "deterministic", deterministic)
        t.setattr(cudnn, "benchmark", benchmark)
        t.call("seed_everything", t.rng.randrange(1000), seed=None, what="seed_everything")
        t.expect([t.getattr(cudnn, "deterministic"), t.getattr(cudnn, "benchmark")],
                 f"(cudnn.deterministic, cudnn.benchmark) depois de seed_everything, antes {deterministic, benchmark}")
    t.call(Lib("torch.use_deterministic_algorithms"), False, what="(correção) modo determinístico desligado")


@check("set_seed_t3", states="o resto do PyTorch: o modo determinístico (torch.use_deterministic_algorithms, com "
                                    "warn_only=True)")
def seed_deterministic_mode(t):
    for seed in (t.rng.randrange(10**4), 3):
        t.call(Lib("torch.use_deterministic_algorithms"), False, what="(correção) modo determinístico desligado")
        t.call("seed_everything", seed, seed=None, what=f"seed_everything({seed})")
        t.expect([t.call(Lib("torch.are_deterministic_algorithms_enabled")),
                  t.call(Lib("torch.is_deterministic_algorithms_warn_only_enabled"))],
                 "(torch.are_deterministic_algorithms_enabled(), ...warn_only...) depois de seed_everything")
    t.call(Lib("torch.use_deterministic_algorithms"), False, what="(correção) modo determinístico desligado")


@check("set_seed_t3", states="o PyTorch na CPU e em TODAS as GPUs;")
def seed_every_gpu(t):
    cuda = Lib("torch.cuda")
    real = t.getattr(cuda, "manual_seed_all", keep=True)
    t.setattr(cuda, "manual_seed_all", Fn("record", ("cuda_seeds", real)))
    seed = 1000 + t.rng.randrange(10**5)
    try:
        t.call("seed_everything", seed, seed=None, what=f"seed_everything({seed})")
    finally:
        t.setattr(cuda, "manual_seed_all", real)
        t.call(Lib("torch.use_deterministic_algorithms"), False, what="(correção) modo determinístico desligado")
    seen = [entry[0] for entry in t.log("cuda_seeds") if isinstance(entry, list) and entry]
    t.require(seed in seen, f"seed_everything({seed}) não semeou todas as GPUs (torch.cuda.manual_seed_all).")
    t.expect(_draws(t)[2], "torch.randperm depois de seed_everything (gerador global do PyTorch)")


# -- Question 2: channel_mean_std ---------------------------------------------------------------------

ONE_PASS = {"rule": "dentro de channel_mean_std não junte os batches (torch.cat, torch.stack) nem use o NumPy: "
                    "acumule as somas batch a batch.",
            "ops": ["cat", "stack"], "modules": ["numpy"]}


def _data(t, n, c, h, w, mean=0.0, scale=1.0):
    g = _gen(t)
    per_channel = (0.2 + 2 * torch.rand(c, generator=g)).view(1, c, 1, 1)
    return mean + scale * per_channel * torch.rand(n, c, h, w, generator=g)


def _batches(x, size):
    return [(x[i:i + size], torch.zeros(len(x[i:i + size]))) for i in range(0, len(x), size)]


def _stats(t, loader, what):
    out = t.call("channel_mean_std", loader, what=what, forbid=ONE_PASS)
    t.require(isinstance(out, (tuple, list)) and len(out) == 2, f"{what}: devolva (média, desvio).")
    for name, value in zip(("média", "desvio"), out):
        t.expect(value, f"{name} de {what}", rtol=1e-7)


@check("mean_std_t1", states="Devolve dois tensores float64 de forma (C,).")
def mean_std_simple(t):
    x = torch.zeros(3, 2, 3, 1)
    x[:, 0] = 2.0
    x[0, 1] = 1.0
    _stats(t, _batches(x, 2), "canais constantes (3 imagens 3x1, batches de 2)")
    c = t.rng.randint(4, 5)
    _stats(t, _batches(_data(t, 6, c, 2, 5), 3), f"{c} canais, imagens 2x5")


@check("mean_std_t2", states="o último batch pode ser menor: por isso acumulamos somas e contagens, e não médias de batches.")
def mean_std_uneven(t):
    for n, c, h, w, size in ((7, 1, 4, 9, 3), (11, 3, 3, 3, 4), (t.rng.randint(5, 9), 2, t.rng.randint(2, 6), 7, 2)):
        x = _data(t, n, c, h, w, mean=100.0 if c == 1 else 0.0, scale=0.1 if c == 1 else 1.0)
        _stats(t, _batches(x, size), f"{n} imagens {h}x{w} de {c} canal(is) em batches de {size}")
        full = _batches(x, size)[: n // size]
        _stats(t, full, f"os {len(full)} batches completos de {size} (sem o último) de {n} imagens")


@check("mean_std_t3", states="Faça uma única passada,")
def mean_std_one_pass(t):
    x = _data(t, 9, 3, 4, 4)
    once = t.call(Lib("builtins.iter"), _batches(x, 4), keep=True, what="iter(batches)")
    _stats(t, once, "um iterador (só uma passada)")


@check("mean_std_t3", states="Não guarde os batches: o conjunto inteiro pode não caber na memória.")
def mean_std_streamed(t):
    n, c, size = 12, 2, 4
    x = _data(t, n, c, 3, 5)
    buffer = t.call(Lib("torch.zeros"), size, c, 3, 5, keep=True, what="buffer")
    # A loader that reuses its batch's memory, as fast loaders do: a batch kept is overwritten.
    reuse = Fn("pair", (Fn("partial", (Lib("torch.Tensor.copy_"), (buffer,), {})), ID))
    loader = t.new(Lib("torch.utils.data.DataLoader"), _batches(x, size), batch_size=None, collate_fn=reuse,
                   what="DataLoader")
    _stats(t, loader, "um loader que reaproveita a memória do batch")


# -- Question 3: make_transforms ----------------------------------------------------------------------

def _pil(t, pixels):
    return t.call(Lib("torchvision.transforms.v2.functional.to_pil_image"), pixels, keep=True, what="imagem PIL")


def _noise(t):
    return torch.randint(0, 256, (3, 32, 32), generator=_gen(t), dtype=torch.uint8)


def _tfms(t):
    mean = [round(t.rng.uniform(0.2, 0.7), 3) for _ in range(3)]
    std = [round(t.rng.uniform(0.15, 0.6), 3) for _ in range(3)]
    pair = t.call("make_transforms", mean, std, keep=True, what=f"make_transforms({mean}, {std})")
    train = t.call(Fn("index", (0,)), pair, keep=True, what="train_tfms")
    evaluate = t.call(Fn("index", (1,)), pair, keep=True, what="eval_tfms")
    return mean, std, train, evaluate


@check("transforms_t1", states="eval_tfms (validação e teste) é determinístico: só converte e normaliza.")
def transforms_eval(t):
    mean, std, _, evaluate = _tfms(t)
    for k in range(3):
        out = t.call(evaluate, _pil(t, _noise(t)), what="eval_tfms(img)")
        t.expect(out, f"eval_tfms de uma imagem de ruído {k + 1} (média {mean}, desvio {std})", rtol=1e-5)


@check("transforms_t2", states="eval_tfms (validação e teste) é determinístico: só converte e normaliza.")
def transforms_eval_fixed(t):
    _, _, _, evaluate = _tfms(t)
    img = _pil(t, _noise(t))
    first = t.call(evaluate, img, seed=None, what="eval_tfms(img)")
    for k in range(6):
        again = t.call(evaluate, img, seed=k, what="eval_tfms(img)")
        t.require(isinstance(again, torch.Tensor) and isinstance(first, torch.Tensor) and again.shape == first.shape
                  and torch.allclose(again, first), f"eval_tfms(img) mudou na aplicação {k + 2}: nada de sorteios "
                                                    "na validação e no teste.")
    t.expect(first, "eval_tfms(img)", rtol=1e-5)


def _placements(expected, out):
    """The (dy, dx, flipped) that put ``expected`` (3, 32, 32) at ``out``, judged on the pixels
    that come from the image (the padding's fill is free: zeros, reflection...)."""
    found = []
    for flipped in (False, True):
        src = expected.flip(-1) if flipped else expected
        for dy in range(-6, 7):
            for dx in range(-6, 7):
                ys, yd = (slice(dy, 32), slice(0, 32 - dy)) if dy >= 0 else (slice(0, 32 + dy), slice(-dy, 32))
                xs, xd = (slice(dx, 32), slice(0, 32 - dx)) if dx >= 0 else (slice(0, 32 + dx), slice(-dx, 32))
                if torch.allclose(out[:, yd, xd], src[:, ys, xs], atol=1e-4):
                    found.append((dy, dx, flipped))
    return found


@check("transforms_t3", states="train_tfms aumenta os dados: recorte aleatório de 32x32 com padding de 4 pixels")
def transforms_train(t):
    mean, std, train, evaluate = _tfms(t)
    pixels = _noise(t)
    img = _pil(t, pixels)
    expected = t.call(evaluate, img, what="eval_tfms(img)")
    t.expect(expected, "eval_tfms(img)", rtol=1e-5)
    seen = []
    for k in range(60):
        out = t.call(train, img, seed=1000 + k, what="train_tfms(img)")
        t.require(isinstance(out, torch.Tensor) and out.dtype == torch.float32 and tuple(out.shape) == (3, 32, 32),
                  "train_tfms(img) deve dar um tensor float32 (3, 32, 32).")
        where = _placements(expected, out)
        t.require(bool(where), "train_tfms(img) não é a imagem normalizada deslocada (recorte com padding) e talvez "
                               "espelhada: só recorte de 32x32 com padding de 4, espelhamento e normalização.")
        seen.append(where[0])
    shifts = {(dy, dx) for dy, dx, _ in seen}
    t.require(all(abs(dy) <= 4 and abs(dx) <= 4 for dy, dx in shifts), "o recorte deslocou a imagem mais de 4 pixels.")
    t.require(any(max(abs(dy), abs(dx)) >= 3 for dy, dx in shifts) and len({dy for dy, _ in shifts}) > 2
              and len({dx for _, dx in shifts}) > 2, "em 60 sorteios, o recorte com padding de 4 pixels não deslocou "
                                                      "a imagem como v2.RandomCrop(32, padding=4) desloca.")
    flips = {f for _, _, f in seen}
    t.require(flips == {False, True}, "em 60 sorteios, o espelhamento horizontal aleatório "
                                      "nunca (ou sempre) aconteceu.")


# -- Question 4: build_resnet18 -----------------------------------------------------------------------

WEIGHTS = Lib("torchvision.models._api.WeightsEnum")


def _fake_weights(t):
    """WeightsEnum.get_state_dict replaced by one that downloads nothing: it logs the weights
    asked for and gives a ResNet-18 state of its own (some tensors filled with known values)."""
    fake = t.new(Lib("torchvision.models.resnet18"), weights=None, seed=t.rng.randrange(1000), what="resnet18")
    state = t.call(M("state_dict"), fake, keep=True, what="state_dict")
    for key, value in FILLED.items():
        tensor = t.call(Lib("operator.getitem"), state, key, keep=True, what=key)
        t.call(M("fill_", value), tensor, what=f"{key}.fill_")
    real = t.getattr(WEIGHTS, "get_state_dict", keep=True)
    probe = Fn("compose", (Fn("index", ("a",)), Fn("index", (0,)), Fn("attr", ("name",))))
    t.setattr(WEIGHTS, "get_state_dict", Fn("tap", ("weights", probe, Fn("const", (state,)))))
    return real


FILLED = {"conv1.weight": 0.25, "layer2.0.conv1.weight": -0.125, "layer4.1.bn2.running_var": 3.0,
          "layer3.1.bn1.bias": 0.75, "fc.weight": 0.5}


def _build(t, num_classes, pretrained):
    real = _fake_weights(t)
    try:
        model = t.call("build_resnet18", num_classes=num_classes, pretrained=pretrained, keep=True,
                       what=f"build_resnet18(num_classes={num_classes}, pretrained={pretrained})")
    finally:
        t.setattr(WEIGHTS, "get_state_dict", real)
    t.expect(t.log("weights"), f"pesos pedidos com pretrained={pretrained} ({num_classes} classes)")
    _head(t, model, num_classes)
    return model


def _head(t, model, num_classes):
    fc = t.getattr(model, "fc", keep=True)
    t.expect([_type(t, fc), t.getattr(fc, "in_features"), t.getattr(fc, "out_features"),
              t.getattr(fc, "bias") is not None], f"model.fc (tipo, entradas, saídas, com viés) com {num_classes} classes")
    t.expect(_type(t, model), "a rede é a ResNet do torchvision")
    params = t.params(model)
    t.expect([p[2] for p in params], "requires_grad de cada parâmetro (ajuste fino completo)")
    out = t.forward(t.call(M("eval"), model, keep=True), torch.randn(2, 3, 32, 32, generator=_gen(t)),
                    what="forward")["output"]
    t.require(isinstance(out, torch.Tensor) and tuple(out.shape) == (2, num_classes),
              f"a rede deve dar logits (2, {num_classes}).")


@check("resnet_t1", states="por uma nn.Linear nova, com num_classes saídas.")
def resnet_head(t):
    for num_classes in (3, t.rng.randint(11, 200)):
        _build(t, num_classes, pretrained=False)


@check("resnet_t1", states="por uma nova, 512 → 10, inicializada ao acaso.")
def resnet_head_random(t):
    for num_classes in (10, t.rng.randint(2, 60)):
        model = _build(t, num_classes, pretrained=t.rng.random() < 0.5)
        head = {name: value for name, value, _ in t.params(t.getattr(model, "fc", keep=True), values=True)}
        w = head.get("weight")
        t.require(isinstance(w, torch.Tensor) and w.numel() > 1 and float(w.float().std()) > 0,
                  "a cabeça nova (model.fc) deve começar com pesos sorteados, como os de uma nn.Linear nova "
                  "(não zeros nem uma constante).")


@check("resnet_t2", states="Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro")
def resnet_pretrained(t):
    for num_classes in (7, t.rng.randint(2, 40)):
        model = _build(t, num_classes, pretrained=True)
        for key, value in FILLED.items():
            got = t.call(Fn("compose", (A(key), M("detach"), M("mean"))), model, what=key)
            if key.startswith("fc."):
                t.require(not (isinstance(got, torch.Tensor) and abs(float(got) - value) < 1e-6),
                          "model.fc deve ser uma camada nova, não um pedaço da cabeça do ImageNet.")
            else:
                t.expect(got, f"{key} (corpo pré-treinado mantido)")


# -- Question 5: CIFARClassifier ----------------------------------------------------------------------

def _module(t, classes, c=3, side=4, **hparams):
    net = t.new(Lib("torch.nn.Sequential"), t.new(Lib("torch.nn.Flatten")),
                t.new(Lib("torch.nn.Linear"), c * side * side, classes, seed=t.rng.randrange(1000)), what="rede")
    return t.new("CIFARClassifier", net, num_classes=classes, **hparams, what="CIFARClassifier(...)")


def _batch(t, n, classes, c=3, side=4):
    g = _gen(t)
    return torch.randn(n, c, side, side, generator=g), torch.randint(0, classes, (n,), generator=g)


@check("lit_module_t1", states="Um passo de treino: devolve a loss do batch")
def lit_training_step(t):
    for classes, n in ((4, 6), (t.rng.randint(2, 9), t.rng.randint(1, 5))):
        module = _module(t, classes)
        t.setattr(module, "log", Fn("const", (None,)))
        loss = t.method(module, "training_step", _batch(t, n, classes), 0, what="training_step")
        t.expect(loss, f"loss devolvida por training_step ({classes} classes, {n} imagens)")


def _fit(t, classes=5, n=40, batch=16):
    """A real Trainer for one epoch (3 training batches, the last one smaller, and 2 of
    validation), with a fixed SGD: the steps are judged apart from configure_optimizers."""
    module = _module(t, classes)
    params = t.call(Fn("compose", (M("parameters"), Lib("builtins.list"))), module, keep=True, what="parâmetros")
    t.setattr(module, "configure_optimizers", Fn("apply", (Lib("torch.optim.SGD"), (params,), {"lr": 0.1})))
    x, y = _batch(t, n, classes)
    train = t.new(Lib("torch.utils.data.DataLoader"),
                  t.new(Lib("torch.utils.data.TensorDataset"), x[:2 * batch + batch // 2], y[:2 * batch + batch // 2]),
                  batch_size=batch, what="DataLoader de treino")
    val = t.new(Lib("torch.utils.data.DataLoader"), t.new(Lib("torch.utils.data.TensorDataset"), x[-12:], y[-12:]),
                batch_size=8, what="DataLoader de validação")
    trainer = t.new(Lib("lightning.Trainer"), max_epochs=1, accelerator="cpu", devices=1, logger=False,
                    enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                    num_sanity_val_steps=0, what="L.Trainer(...)")
    t.method(trainer, "fit", module, train, val, what="trainer.fit")
    metrics = t.getattr(trainer, "callback_metrics")
    return (dict(metrics) if isinstance(metrics, dict) else {}), module


@check("lit_module_t2", states='Registre com self.log a loss como "train_loss" (prog_bar=True), a cada passo, e a')
def lit_train_logs(t):
    metrics, _ = _fit(t)
    t.expect(sorted(k for k in metrics if k.startswith("train")), "métricas de treino vistas pelo Trainer")
    for key in ("train_loss", "train_acc"):
        t.expect(metrics.get(key), f"{key} depois de uma época (3 batches, o último menor)")


@check("lit_module_t3", states='O mesmo na validação, sem devolver nada: "val_loss" e "val_acc" (com self.val_acc).')
def lit_val_logs(t):
    metrics, _ = _fit(t)
    t.expect(sorted(metrics), "métricas vistas pelo Trainer")
    for key in ("val_loss", "val_acc", "train_acc"):
        t.expect(metrics.get(key), f"{key} depois de uma época com validação")


@check("lit_module_t4", states="passando a própria métrica a `self.log(..., on_epoch=True)`, o Lightning calcula a")
def lit_epoch_accuracy(t):
    metrics, module = _fit(t, classes=3, n=44, batch=8)
    for key in ("train_acc", "val_acc"):
        t.expect(metrics.get(key), f"{key} da época inteira (batches de tamanhos diferentes)")
        # the metric object logged: Lightning computes it at the end of the epoch and resets it
        count = t.getattr(t.getattr(module, key, keep=True), "update_count")
        t.require(count == 0, f"self.{key} não foi zerada ao fim da época ({count} atualizações "
                              f"acumuladas): passe a própria métrica a self.log('{key}', self.{key}, ...), não o "
                              "tensor que ela devolve.")


def _optimizer(t, **hparams):
    """The optimizer and scheduler the Trainer takes from configure_optimizers (any format
    Lightning accepts), after one epoch of one batch."""
    module = _module(t, 3, **hparams)
    x, y = _batch(t, 4, 3)
    loader = t.new(Lib("torch.utils.data.DataLoader"), t.new(Lib("torch.utils.data.TensorDataset"), x, y),
                   batch_size=4, what="DataLoader")
    trainer = t.new(Lib("lightning.Trainer"), max_epochs=1, accelerator="cpu", devices=1, logger=False,
                    enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                    limit_val_batches=0, what="L.Trainer(...)")
    t.method(trainer, "fit", module, loader, what="trainer.fit")
    optimizers = t.getattr(trainer, "optimizers", keep=True)
    t.require(t.call(Lib("builtins.len"), optimizers) == 1, "configure_optimizers deve dar um otimizador.")
    opt = t.call(Fn("index", (0,)), optimizers, keep=True, what="otimizador")
    configs = t.getattr(trainer, "lr_scheduler_configs", keep=True)
    t.require(t.call(Lib("builtins.len"), configs) == 1, "configure_optimizers deve dar um agendador (StepLR).")
    config = t.call(Fn("index", (0,)), configs, keep=True, what="agendador")
    return module, opt, config


@check("lit_module_t5", states="AdamW sobre self.parameters() com lr = self.hparams.lr e weight_decay =")
def lit_optimizer(t):
    module, opt, _ = _optimizer(t)
    t.expect(_type(t, opt), "classe do otimizador")
    defaults = t.getattr(opt, "defaults")
    t.expect([defaults.get("lr"), defaults.get("weight_decay"), defaults.get("amsgrad")],
             "(lr, weight_decay, amsgrad) do otimizador com os hiperparâmetros padrão")
    count = t.call(Fn("compose", (Fn("attr", ("param_groups",)), Fn("index", (0,)), Fn("index", ("params",)),
                                  Lib("builtins.len"))), opt, what="parâmetros otimizados")
    t.expect(count, "número de tensores otimizados (todos os de self.parameters())")


@check("lit_module_t6", states="um StepLR que multiplica a taxa por 0,5 a cada 10")
def lit_schedule(t):
    _, opt, config = _optimizer(t)
    scheduler = t.getattr(config, "scheduler", keep=True)
    t.expect([_type(t, scheduler), t.getattr(config, "interval"), t.getattr(config, "frequency")],
             "(classe, intervalo, frequência) do agendador: um passo por época")
    lrs = []
    for _ in range(30):
        lrs.append(t.call(Fn("compose", (Fn("attr", ("param_groups",)), Fn("index", (0,)), Fn("index", ("lr",)))),
                          opt, what="lr"))
        t.call(M("step"), scheduler, what="scheduler.step()")
    t.expect(lrs, "taxa de aprendizado em cada uma de 30 épocas", rtol=1e-9)


@check("lit_module_t7", states="`configure_optimizers` lê os valores de `self.hparams`")
def lit_hparams(t):
    lr, wd = round(t.rng.uniform(1e-4, 5e-3), 6), round(t.rng.uniform(0.02, 0.3), 4)
    _, opt, config = _optimizer(t, lr=lr, weight_decay=wd)
    defaults = t.getattr(opt, "defaults")
    t.expect([defaults.get("lr"), defaults.get("weight_decay")], f"(lr, weight_decay) com lr={lr}, weight_decay={wd}")
    scheduler = t.getattr(config, "scheduler", keep=True)
    same = t.call(Lib("operator.is_"), t.getattr(scheduler, "optimizer", keep=True), opt, what="o mesmo otimizador")
    t.require(same is True, "o StepLR deve controlar o mesmo otimizador que configure_optimizers devolve.")
