// Hogwild training (Recht et al. 2011, as word2vec.c, fastText and gensim train): the worker
// threads update the shared embedding matrices without locks, by design. Under ThreadSanitizer a
// HogwildRegion tells it to ignore the memory accesses of the scope that does those updates, so
// that every other access of the trainer is still checked; elsewhere it is nothing.
#pragma once

#if defined(__SANITIZE_THREAD__)
extern "C" {
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
void AnnotateIgnoreWritesBegin(const char* file, int line);
void AnnotateIgnoreWritesEnd(const char* file, int line);
}
#endif

namespace gramvec::embed {

#if defined(__SANITIZE_THREAD__)
class HogwildRegion {
 public:
  HogwildRegion() {
    AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
    AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  }
  ~HogwildRegion() {
    AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
    AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
  }
  HogwildRegion(const HogwildRegion&) = delete;
  HogwildRegion& operator=(const HogwildRegion&) = delete;
};
#else
struct HogwildRegion {};
#endif

}  // namespace gramvec::embed
