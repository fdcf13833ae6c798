"""Lab 04's checks: they run in the grading process and decide each test cell.

Inputs are drawn (seeded) from everything each question's text allows: class names in
no particular order (words, digits whose string order is not their numeric order, one
class, a tuple, a hundred classes); image processors of other sizes (odd, not square,
smaller and larger than the images) and other statistics, images of other sizes and
modes (grayscale, alpha, palette); batches of other sizes and image shapes; logits of
other shapes (fewer, as many and more examples than classes, one example, a thousand)
and dtypes; tiny ViTs and checkpoints of the check's own (other widths, depths, patch
sizes and head sizes) beside the course's tiny checkpoint. The "do not use X" rules are
enforced in the kernel by :mod:`course_utils.rules` (``forbid=``), on whole libraries'
jobs: every image processor and preprocessing function of ``transformers``, every
collator of ``transformers.data``, all of scikit-learn, ``evaluate`` and ``torchmetrics``.
"""
import torch
import torch.nn.functional as F

from tools.verdict.session import Fail, Fn, Lib, Name, StudentError, check, compare

NO_PROCESSOR = {
    "rule": "a transformação deve redimensionar e normalizar você mesmo, com processor.size, "
            "processor.image_mean e processor.image_std; não chame o processador (processor(...), "
            "preprocess, resize/rescale/normalize) nem outro processador ou função de pré-processamento "
            "de imagens do transformers.",
    "modules": ["transformers.image_processing_utils", "transformers.image_processing_base",
                "transformers.image_processing_backends", "transformers.image_transforms",
                "transformers.processing_utils", "transformers.video_processing_utils",
                "transformers.feature_extraction_utils", "transformers.pipelines", "transformers.models"]}
NO_COLLATOR = {
    "rule": "escreva o collate_fn você mesmo (torch.stack e um tensor de rótulos); não use "
            "default_data_collator, DefaultDataCollator nem outro collator do transformers, nem o "
            "default_collate do PyTorch.",
    "modules": ["transformers.data", "transformers.trainer_utils", "torch.utils.data._utils.collate"]}
NO_METRICS_LIBRARY = {
    "rule": "calcule a acurácia com NumPy ou PyTorch (o argmax de cada linha e a fração de acertos); "
            "não use sklearn.metrics, a biblioteca evaluate nem outra biblioteca de métricas (torchmetrics).",
    "modules": ["sklearn", "evaluate", "torchmetrics"]}


def _generator(rng):
    return torch.Generator().manual_seed(rng.randrange(2**31))


# -- Questão 1: os mapas de rótulos --------------------------------------------------------------

WORDS = ["zebra", "abelha", "macaco", "gato", "Cachorro", "ábaco", "ônibus", "b", "a", "navio de carga",
         "10", "9", "100", "2", "sapo", "cervo", "Zorro", "árvore", "x-1", "caminhão"]


def _names(rng, n):
    return rng.sample(WORDS, n) if n <= len(WORDS) else [f"classe {rng.randrange(10**6)}-{i}" for i in range(n)]


def _maps(t, names, what=None, keep=False):
    return t.call("make_label_maps", names, keep=keep, what=what or f"make_label_maps({names!r})")


TYPE_NAME = Fn("compose", (Lib("builtins.type"), Fn("attr", ("__qualname__",))))


def _type_names(t, values):
    """The type of each item of ``values`` (a Ref), named in the kernel: the wire turns a NumPy
    integer into a plain int, so the grading process alone cannot tell them apart."""
    return t.call(Lib("builtins.list"), t.call(Lib("builtins.map"), TYPE_NAME, values, keep=True), what="tipos")


@check("label_maps_t1", states="que devolve o par `(id2label, label2id)`")
def label_maps_pair(t):
    rng = t.rng
    for n in (2, 3, 7):
        names = _names(rng, n)
        t.expect(_maps(t, names), f"make_label_maps({names!r})")


@check("label_maps_t2", states="são as **posições** na lista do dataset: não reordene nada")
def label_maps_positions(t):
    rng = t.rng
    cases = [["zebra", "abelha", "macaco"], ["10", "9", "100", "2"], ["único"], sorted(WORDS, reverse=True),
             _names(rng, 100)]
    for names in cases:
        id2label, label2id = _maps(t, names, what=f"make_label_maps de {len(names)} nomes")
        t.expect(id2label, f"id2label de {len(names)} nomes fora de ordem alfabética")
        t.expect(label2id, f"label2id de {len(names)} nomes fora de ordem alfabética")


@check("label_maps_t2", states="As chaves de `id2label` são `int` do Python")
def label_maps_int_keys(t):
    names = _names(t.rng, 5)
    pair = _maps(t, names, keep=True)
    id2label, label2id = (t.call(Fn("index", (i,)), pair, keep=True, what="o par devolvido") for i in (0, 1))
    keys = _type_names(t, id2label)
    values = _type_names(t, t.method(label2id, "values", keep=True, what="label2id.values()"))
    t.require(all(k == "int" for k in keys),
              f"as chaves de id2label devem ser int do Python (0, 1, 2...); vieram {sorted(set(keys))}.")
    t.require(all(v == "int" for v in values),
              f"os valores de label2id devem ser int do Python; vieram {sorted(set(values))}.")
    t.expect(_maps(t, names), "os dois mapas")


@check("label_maps_t2", states="`class_names` pode vir como lista ou como tupla.")
def label_maps_tuple(t):
    for names in (("único",), tuple(_names(t.rng, 4))):
        t.expect(_maps(t, names), f"make_label_maps de uma tupla {names!r}")


# -- Questão 2: a transformação das imagens --------------------------------------------------------

def _processor(t, height, width, mean, std):
    return t.new(Lib("transformers.ViTImageProcessor"), size={"height": height, "width": width},
                 image_mean=mean, image_std=std, what="ViTImageProcessor(...)")


def _stats(rng):
    mean = [round(rng.uniform(0.2, 0.7), 3) for _ in range(3)]
    std = [round(rng.uniform(0.15, 0.6), 3) for _ in range(3)]
    return mean, std


def _texture(rng, height, width, channels=3):
    """A smooth random picture spanning 0..255 (uint8, C x H x W): what a photo looks like."""
    g = _generator(rng)
    low = torch.rand(1, channels, rng.randrange(3, 7), rng.randrange(3, 7), generator=g)
    img = F.interpolate(low, size=(height, width), mode="bicubic", align_corners=False)[0]
    img = img + 0.02 * torch.randn(channels, height, width, generator=g)
    img = (img - img.min()) / (img.max() - img.min())
    return (img * 255).round().clamp(0, 255).to(torch.uint8)


def _pil(t, pixels, mode=None):
    image = t.call(Lib("torchvision.transforms.v2.functional.to_pil_image"), pixels, keep=True, what="imagem PIL")
    return t.method(image, "convert", mode, keep=True, what=f"imagem {mode}") if mode else image


def _transform(t, processor, images, labels, what):
    transform = t.call("make_transform", processor, keep=True, what="make_transform(processor)")
    out = t.call(transform, {"img": images, "label": labels}, what=what, forbid=NO_PROCESSOR)
    t.require(isinstance(out, dict) and "pixel_values" in out and "label" in out,
              f"{what}: transform deve devolver um dicionário com 'pixel_values' e 'label'.")
    t.require(isinstance(out["pixel_values"], (list, tuple)) and len(out["pixel_values"]) == len(images),
              f"{what}: 'pixel_values' deve ser uma lista com um tensor por imagem.")
    return out


def _pixels(x, mean, std):
    """Normalised values taken back to [0, 1] with the processor's statistics (in the grading process):
    compared with a tolerance that fits a resize done another way (PIL, antialias...)."""
    if not isinstance(x, torch.Tensor) or x.dim() != 3 or x.shape[0] != 3:
        return x
    return x * torch.tensor(std, dtype=x.dtype).view(3, 1, 1) + torch.tensor(mean, dtype=x.dtype).view(3, 1, 1)


# [0, 1] pixels: a bilinear resize done another way (PIL, NumPy, with or without antialias) stays within it
# when it enlarges (as from CIFAR's 32x32 to the model's size); bicubic or nearest do not (26 and 98 / 255).
RESIZE_RTOL = 6 / 255


@check("transform_t1", states='Devolva `{"pixel_values": [tensores (3, H, W)], "label": batch["label"]}`')
def transform_output(t):
    rng = t.rng
    for case in range(3):
        height, width = rng.randrange(9, 41), rng.randrange(9, 41)
        processor = _processor(t, height, width, *_stats(rng))
        n = (1, 2, 4)[case]
        images = [_pil(t, _texture(rng, rng.randrange(12, 48), rng.randrange(12, 48))) for _ in range(n)]
        labels = [rng.randrange(10) for _ in range(n)]
        out = _transform(t, processor, images, labels, f"transform de {n} imagens, processador {height}x{width}")
        t.expect(out["label"], "out['label'] (os rótulos do batch, intactos)")
        t.expect([[list(x.shape), str(x.dtype)] if isinstance(x, torch.Tensor) else x for x in out["pixel_values"]],
                 f"shape e dtype de cada tensor (processador {height}x{width})")


@check("transform_t2", states="normalize com `processor.image_mean` e `processor.image_std`")
def transform_values(t):
    rng = t.rng
    for _ in range(3):
        height, width = rng.randrange(5, 30), rng.randrange(5, 30)
        mean, std = _stats(rng)
        processor = _processor(t, height, width, mean, std)
        colors = [[rng.randrange(256) for _ in range(3)] for _ in range(2)] + [[0, 255, rng.randrange(256)]]
        images = [_pil(t, torch.tensor(c, dtype=torch.uint8).view(3, 1, 1).expand(3, rng.randrange(8, 40),
                                                                                rng.randrange(8, 40)).contiguous())
                  for c in colors]
        out = _transform(t, processor, images, [0, 1, 2], f"transform de imagens de cor única (média {mean})")
        for color, x in zip(colors, out["pixel_values"]):
            t.expect(x, f"imagem de cor {tuple(color)} com média {mean} e desvio {std}", rtol=1e-5)


@check("transform_t2", states="não chame o processador")
def transform_rule(t):
    rng = t.rng
    processor = Name("processor")
    mean, std = list(t.getattr(processor, "image_mean")), list(t.getattr(processor, "image_std"))
    images = [_pil(t, _texture(rng, 32, 32)) for _ in range(3)]
    out = _transform(t, processor, images, [4, 1, 4], "transform com o processador do notebook")
    for i, x in enumerate(out["pixel_values"]):
        t.expect(_pixels(x, mean, std), f"imagem {i} com o processador do notebook (valores em [0, 1])",
                 rtol=RESIZE_RTOL)


@check("transform_t3", states='converta para RGB (`image.convert("RGB")`')
def transform_modes(t):
    rng = t.rng
    height, width = rng.randrange(30, 50), rng.randrange(30, 50)
    mean, std = _stats(rng)
    processor = _processor(t, height, width, mean, std)
    images = [_pil(t, _texture(rng, 24, 20, 1)), _pil(t, _texture(rng, 20, 28, 4)),
              _pil(t, _texture(rng, 18, 18, 2)), _pil(t, _texture(rng, 30, 22), "P"), _pil(t, _texture(rng, 16, 26))]
    modes = ["L", "RGBA", "LA", "P", "RGB"]
    out = _transform(t, processor, images, [3, 3, 1, 0, 2], f"transform de imagens {', '.join(modes)}")
    for mode, x in zip(modes, out["pixel_values"]):
        t.expect(_pixels(x, mean, std), f"imagem {mode} (valores em [0, 1])", rtol=RESIZE_RTOL)


@check("transform_t3", states='redimensione para `(processor.size["height"], processor.size["width"])`')
def transform_sizes(t):
    rng = t.rng
    for height, width in ((rng.randrange(45, 64), rng.randrange(29, 40)), (rng.randrange(29, 36), rng.randrange(50, 64)),
                          (rng.randrange(13, 20), rng.randrange(13, 20))):
        mean, std = _stats(rng)
        processor = _processor(t, height, width, mean, std)
        images = [_pil(t, _texture(rng, rng.randrange(6, 13), rng.randrange(6, 13))) for _ in range(2)]
        out = _transform(t, processor, images, [5, 6], f"transform com processador {height}x{width}")
        for i, x in enumerate(out["pixel_values"]):
            t.expect(_pixels(x, mean, std), f"imagem {i} redimensionada para {height}x{width} (valores em [0, 1])",
                     rtol=RESIZE_RTOL)


# -- Questão 3: collate_fn -------------------------------------------------------------------------

def _examples(rng, n, height, width, classes):
    g = _generator(rng)
    examples = []
    for _ in range(n):
        pixels, label = torch.randn(3, height, width, generator=g), rng.randrange(classes)
        examples.append({"label": label, "pixel_values": pixels} if rng.random() < 0.5
                        else {"pixel_values": pixels, "label": label})
    return examples


def _collate(t, examples, what):
    return t.call("collate_fn", examples, what=what, forbid=NO_COLLATOR)


@check("collate_t1", states='as imagens vão **empilhadas** (`torch.stack`, dimensão nova 0) em `"pixel_values"`')
def collate_stack(t):
    rng = t.rng
    for n, height, width in ((1, 5, 7), (6, 3, 3), (rng.randrange(2, 9), rng.randrange(2, 12), rng.randrange(2, 12))):
        batch = _collate(t, _examples(rng, n, height, width, 10), f"collate_fn de {n} exemplos {height}x{width}")
        t.require(isinstance(batch, dict) and "pixel_values" in batch, "o batch deve ter a chave 'pixel_values'.")
        t.expect(batch["pixel_values"], f"batch['pixel_values'] de {n} exemplos (3, {height}, {width})")


@check("collate_t1", states='os rótulos vão em `"labels"` (no plural!), como tensor `int64`')
def collate_labels(t):
    rng = t.rng
    for n, classes in ((1, 3), (7, 10), (rng.randrange(2, 12), 1000)):
        batch = _collate(t, _examples(rng, n, 4, 4, classes), f"collate_fn de {n} exemplos")
        t.expect(batch, f"o batch de {n} exemplos com rótulos de {classes} classes (chaves, imagens e rótulos)")


@check("collate_t2", states="o batch passa por um ViT (pequeno, criado aqui) e sai com uma loss")
def collate_loss(t):
    rng = t.rng
    for size, patch, hidden, classes, n in ((16, 8, 16, 3, 1), (24, 8, 24, rng.randrange(4, 9), 5)):
        config = t.new(Lib("transformers.ViTConfig"), image_size=size, patch_size=patch, hidden_size=hidden,
                       num_hidden_layers=1, num_attention_heads=2, intermediate_size=2 * hidden, num_labels=classes,
                       what="ViTConfig(...)")
        model = t.new(Lib("transformers.ViTForImageClassification"), config, what="ViTForImageClassification")
        t.method(model, "eval")
        batch = _collate(t, _examples(rng, n, size, size, classes), f"collate_fn de {n} exemplos")
        t.require(isinstance(batch, dict) and set(batch) == {"pixel_values", "labels"},
                  "o batch deve ter exatamente as chaves do forward do modelo: pixel_values e labels "
                  f"(veio {sorted(batch) if isinstance(batch, dict) else batch!r}).")
        out = t.call(model, keep=True, what="model(**batch)", **batch)
        loss, logits = t.getattr(out, "loss"), t.getattr(out, "logits")
        t.require(isinstance(loss, torch.Tensor), "model(**batch) não calculou a loss: faltam os labels certos.")
        t.require(bool(torch.isfinite(loss).all()), "a loss deve ser finita.")
        t.expect(logits, f"logits de um batch de {n} exemplos", terms=hidden)
        t.expect(loss, f"loss de um batch de {n} exemplos ({classes} classes)", terms=n * classes)


# -- Questão 4: compute_metrics --------------------------------------------------------------------

def _arrays(t, logits, labels) -> tuple:
    """(logits, labels) as NumPy arrays in the kernel, as the Trainer hands them to compute_metrics."""
    return tuple(t.call(Lib("numpy.asarray"), torch.as_tensor(v), keep=True, what="array NumPy") for v in (logits, labels))


def _eval_pred(t, rng, n, classes, dtype=torch.float32, label_dtype=torch.int64, hit=0.6, as_tuple=True):
    g = _generator(rng)
    logits = (3 * torch.randn(n, classes, generator=g)).to(dtype)
    best = logits.argmax(dim=1).tolist()
    labels = torch.tensor([b if rng.random() < hit else rng.randrange(classes) for b in best], dtype=label_dtype)
    arrays = _arrays(t, logits, labels)
    if as_tuple:
        return tuple(arrays)
    return t.new(Lib("transformers.EvalPrediction"), predictions=arrays[0], label_ids=arrays[1],
                 what="EvalPrediction(...)")


def _metrics(t, eval_pred, what):
    return t.call("compute_metrics", eval_pred, what=what, forbid=NO_METRICS_LIBRARY)


@check("metrics_t1", states='que devolve `{"accuracy": fração de acertos}`')
def metrics_accuracy(t):
    rng = t.rng
    for n, classes, dtype, label_dtype in ((7, 3, torch.float32, torch.int64), (5, 10, torch.float64, torch.int64),
                                           (1, 4, torch.float32, torch.int32), (13, 2, torch.float32, torch.int64)):
        result = _metrics(t, _eval_pred(t, rng, n, classes, dtype, label_dtype), f"compute_metrics de {n}x{classes}")
        t.require(isinstance(result, dict) and isinstance(result.get("accuracy"), float),
                  f"compute_metrics deve devolver {{'accuracy': um float}} (veio {result!r:.80}).")
        t.expect(result, f"compute_metrics((logits {n}x{classes}, labels))", terms=n)


@check("metrics_t2", states="a de maior logit **em cada linha** (cada linha é um exemplo)")
def metrics_rows(t):
    rng = t.rng
    for n, classes, hit in ((4, 4, 0.5), (6, 6, 1.0), (3, 11, 0.7), (40, 3, 0.5), (1000, 10, 0.8), (2, 2, 0.0)):
        result = _metrics(t, _eval_pred(t, rng, n, classes, hit=hit, as_tuple=False),
                          f"compute_metrics de um EvalPrediction {n}x{classes}")
        t.expect(result, f"accuracy de {n} exemplos e {classes} classes", terms=n)


@check("metrics_t2", states="a de maior logit **em cada linha** (cada linha é um exemplo)")
def metrics_ties_and_many_classes(t):
    """Logits with ties (as float16 logits have), where the label is not among the tied classes, so
    any tie-break gives the same accuracy; and a thousand classes whose indices do not fit in a byte."""
    rng = t.rng
    n, classes = 12, 5
    logits = torch.randn(n, classes, generator=_generator(rng))
    labels = []
    for row in logits:
        a, b = rng.sample(range(classes), 2)
        if rng.random() < 0.6:  # two classes tie at the top, neither is the label: every tie-break misses
            row[a] = row[b] = row.max() + 1
            labels.append(rng.choice([i for i in range(classes) if i not in (a, b)]))
        else:
            labels.append(int(row.argmax()) if rng.random() < 0.7 else a)
    t.expect(_metrics(t, _arrays(t, logits, labels), "compute_metrics com empates"), "accuracy com logits empatados", terms=n)
    n, classes = 60, 1000
    logits = 3 * torch.randn(n, classes, generator=_generator(rng))
    best = logits.argmax(dim=1).tolist()
    labels = [b if i % 3 == 0 else (b + 256 if b < 744 else b - 256) if i % 3 == 1 else rng.randrange(classes)
              for i, b in enumerate(best)]
    t.expect(_metrics(t, _arrays(t, logits, labels), "compute_metrics de 1000 classes"), "accuracy com 1000 classes", terms=n)


@check("metrics_t2", states="a de maior logit **em cada linha** (cada linha é um exemplo)")
def metrics_large_logits(t):
    """Logits far from zero and close to each other (a model's raw outputs can be): the largest
    still decides, so rounding them to float16 (ties) or exponentiating them (inf, 0) does not."""
    rng = t.rng
    n, classes = 30, 6
    centre = torch.tensor([rng.choice([-1, 1]) * rng.uniform(200, 3000) for _ in range(n)]).unsqueeze(1)
    logits = (centre + 0.3 * torch.rand(n, classes, generator=_generator(rng))).float()
    best = logits.argmax(dim=1).tolist()
    labels = [b if rng.random() < 0.7 else rng.randrange(classes) for b in best]
    t.expect(_metrics(t, _arrays(t, logits, labels), "compute_metrics com logits grandes"), "accuracy com logits grandes e próximos",
             terms=n)


@check("metrics_t2", states="sem `sklearn.metrics` nem a biblioteca `evaluate`")
def metrics_rule(t):
    rng = t.rng
    result = _metrics(t, _eval_pred(t, rng, 9, 5, hit=0.5, as_tuple=False), "compute_metrics (sem bibliotecas de métricas)")
    t.expect(result, "accuracy de 9 exemplos e 5 classes", terms=9)


# -- Questão 5: build_model ------------------------------------------------------------------------

def _own_checkpoint(t, rng, classes):
    """A tiny random ViT of the check's own, saved in the kernel like a Hub checkpoint."""
    hidden = rng.choice([16, 24, 40])
    size, patch = rng.choice([(32, 8), (32, 16), (24, 4)])
    config = t.new(Lib("transformers.ViTConfig"), image_size=size, patch_size=patch, hidden_size=hidden,
                   num_hidden_layers=rng.randrange(1, 4), num_attention_heads=2, intermediate_size=hidden + 8,
                   num_labels=classes, what="ViTConfig(...)")
    model = t.new(Lib("transformers.ViTForImageClassification"), config, what="ViTForImageClassification")
    folder = t.call(Lib("tempfile.mkdtemp"), what="pasta temporária")
    t.method(model, "save_pretrained", folder, what="save_pretrained")
    return folder


def _checkpoints(t, rng):
    return [t.call(Lib("course_utils.hf.tiny_vit_checkpoint"), what="o checkpoint minúsculo"),
            _own_checkpoint(t, rng, 1000), _own_checkpoint(t, rng, rng.randrange(20, 60))]


def _label_maps(rng, n):
    names = _names(rng, n)
    order = list(range(n))
    rng.shuffle(order)  # the maps' insertion order is not the index order
    return {i: names[i] for i in order}, {names[i]: i for i in order}


def _build(t, checkpoint, id2label, label2id):
    return t.call("build_model", checkpoint, id2label, label2id, keep=True,
                  what=f"build_model com {len(id2label)} classes")


def _pretrained(t, checkpoint):
    load = t.getattr(Lib("transformers.ViTForImageClassification"), "from_pretrained", keep=True)
    return t.call(load, checkpoint, keep=True, what="o checkpoint como está")


@check("build_model_t1", states="descrever as **nossas** classes, e a cabeça é criada com o tamanho certo")
def build_model_head(t):
    rng = t.rng
    for checkpoint, n in zip(_checkpoints(t, rng), (3, 10, 2)):
        id2label, label2id = _label_maps(rng, n)
        model = _build(t, checkpoint, id2label, label2id)
        t.expect(model, "o tipo do modelo (ViTForImageClassification)")
        config = t.getattr(model, "config", keep=True)
        t.expect(t.getattr(config, "id2label"), f"model.config.id2label ({n} classes)")
        t.expect(t.getattr(config, "label2id"), f"model.config.label2id ({n} classes)")
        t.expect(t.getattr(config, "num_labels"), "model.config.num_labels")
        head = t.getattr(model, "classifier", keep=True)
        t.expect([t.getattr(head, "in_features"), t.getattr(head, "out_features")],
                 "classifier (in_features, out_features)")
        size = t.getattr(config, "image_size")
        x = torch.randn(2, 3, size, size, generator=_generator(rng))
        logits = t.getattr(t.call(model, pixel_values=x, keep=True, what="model(pixel_values=...)"), "logits")
        t.expect(tuple(logits.shape) if isinstance(logits, torch.Tensor) else logits, f"shape dos logits ({n} classes)")


@check("build_model_t2", states="Todo o resto (embeddings dos patches, posições, os 12 blocos) chega com os pesos")
def build_model_body(t):
    rng = t.rng
    for checkpoint, n in zip(_checkpoints(t, rng), (10, 4, 7)):
        original = _pretrained(t, checkpoint)  # loaded before: what build_model writes cannot change it
        model = _build(t, checkpoint, *_label_maps(rng, n))
        body = t.state(t.getattr(model, "vit", keep=True))
        want = t.state(t.getattr(original, "vit", keep=True))
        try:
            compare(body, want, "o corpo (model.vit.state_dict()) comparado com o do checkpoint", exact=True)
        except Fail as exc:
            raise Fail(f"{exc} O corpo deve vir do checkpoint pré-treinado (from_pretrained), com os seus pesos.") \
                from None
        t.expect(sorted(body), "as chaves de model.vit.state_dict()")


@check("build_model_t2", states="são **descartados** e a cabeça nova começa aleatória")
def build_model_new_head(t):
    rng = t.rng
    checkpoint = _own_checkpoint(t, rng, 1000)
    original = _pretrained(t, checkpoint)
    old = t.getattr(t.getattr(original, "classifier", keep=True), "weight")
    for n in (5, 12):
        model = _build(t, checkpoint, *_label_maps(rng, n))
        weight = t.getattr(t.getattr(model, "classifier", keep=True), "weight")
        t.require(isinstance(weight, torch.Tensor) and tuple(weight.shape) == (n, old.shape[1]),
                  f"classifier.weight deve ter shape ({n}, {old.shape[1]}).")
        t.require(not torch.equal(weight, old[:n]) and not torch.equal(weight, old[-n:]),
                  "a cabeça nova não pode reaproveitar linhas da cabeça de 1000 classes do checkpoint.")
    t.expect(t.getattr(t.getattr(_pretrained(t, checkpoint), "classifier", keep=True), "out_features"),
             "o checkpoint original continua com 1000 classes")


@check("build_model_t2", states="Nada fica congelado: todos os parâmetros do modelo devolvido")
def build_model_trains(t):
    rng = t.rng
    for checkpoint, n in zip(_checkpoints(t, rng)[:2], (6, 3)):
        params = t.params(_build(t, checkpoint, *_label_maps(rng, n)))
        frozen = [name for name, _, grad in params if not grad]
        t.require(not frozen, f"parâmetros congelados (requires_grad=False): {frozen[:3]}; o fine-tuning ajusta "
                              "o modelo inteiro.")
        t.expect(params, f"os parâmetros do modelo ({n} classes): nomes, shapes e requires_grad")


@check("build_model_t2", states="O modelo devolvido fica em `float32`, com ou sem GPU")
def build_model_float32(t):
    """The grading machine has no GPU: the check also runs build_model as if one were there
    (torch.cuda.is_available() answering True). A call that fails that way (moving to a CUDA that
    does not exist) says nothing and is not judged; a model that comes back must be float32."""
    rng = t.rng
    checkpoint = t.call(Lib("course_utils.hf.tiny_vit_checkpoint"), what="o checkpoint minúsculo")
    t.expect(str(t.getattr(_build(t, checkpoint, *_label_maps(rng, 4)), "dtype")), "model.dtype (sem GPU)")
    cuda = Lib("torch.cuda")
    real = t.getattr(cuda, "is_available", keep=True)
    t.setattr(cuda, "is_available", Fn("const", (True,)))
    try:
        dtype = t.getattr(_build(t, checkpoint, *_label_maps(rng, 4)), "dtype")
    except StudentError:
        dtype = None
    finally:
        t.setattr(cuda, "is_available", real)
    t.require(dtype in (None, torch.float32),
              f"com GPU, build_model devolveu um modelo em {dtype}: os pesos ficam em float32, e o float16 do treino "
              "vem da precisão mista do Trainer (fp16=True).")


@check("collate_t1", states="não use os *collators* prontos do `transformers`")
def collate_rule(t):
    rng = t.rng
    batch = _collate(t, _examples(rng, 3, 6, 5, 4), "collate_fn de 3 exemplos (sem os collators prontos)")
    t.expect(batch, "o batch de 3 exemplos")


@check("collate_t1", states="Nem o `default_collate` do PyTorch")
def collate_no_default(t):
    rng = t.rng
    batch = _collate(t, _examples(rng, 4, 5, 3, 10), "collate_fn de 4 exemplos (sem o default_collate)")
    t.expect(batch, "o batch de 4 exemplos")


@check("collate_t1", states="E `collate_fn` não altera os exemplos que recebe")
def collate_keeps_examples(t):
    rng = t.rng
    examples = _examples(rng, 5, 4, 6, 7)
    kept = t.call(Fn("identity"), examples, keep=True, what="os exemplos")
    first = _collate(t, kept, "collate_fn de 5 exemplos")
    t.expect(t.call(Fn("identity"), kept), "os exemplos depois do collate_fn (as mesmas chaves e valores)")
    t.expect(_collate(t, kept, "collate_fn dos mesmos 5 exemplos, de novo"), "o batch dos mesmos exemplos, de novo")
    t.expect(first, "o batch de 5 exemplos")
